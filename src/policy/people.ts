import type { Actor, Platform } from '../intents/envelope.ts';
import type { Policy } from './policy-schema.ts';

/** Who someone is: one canonical person id, or the sentence that says which mapping is missing. */
export type Identity =
  | { person: string; declared: boolean }
  /** `conflict`: the people entries contradict each other or the account; it gets no roles at all. */
  | { person?: undefined; problem: string; conflict?: boolean };

const PLATFORM_NAMES: Record<Platform, string> = { slack: 'Slack', teams: 'Teams', console: 'console' };
const VERIFIED_EMAIL: Record<Platform, string> = {
  slack: 'Slack gave no email for them',
  teams: 'Teams gave no user principal name for them',
  console: 'the console gave no email for them',
};

/**
 * The policy's one person model. A person declared in `people` is `person:<key>`, whichever of their accounts
 * (email, Slack id, AAD object id, console name, Windows account) shows up. Anyone else is their verified email
 * (Slack's profile email, Teams' UPN), lower-cased; a console user without one is `console:<name>` (the console
 * is local). A platform account with neither is nobody in particular: it may hold roles given to that very
 * account, but it cannot vote or confirm. An account that points at two people is refused the same way.
 */
export function createPeople(policy: Pick<Policy, 'people'>) {
  const byEmail = new Map<string, string>();
  const byAccount = new Map<string, string>();
  const byWindows = new Map<string, string>();
  for (const [key, p] of Object.entries(policy.people)) {
    if (p.email) byEmail.set(p.email.toLowerCase(), key);
    for (const platform of ['slack', 'teams', 'console'] as const)
      for (const id of p[platform] ?? []) byAccount.set(`${platform}:${id}`, key);
    for (const w of p.windows ?? []) byWindows.set(w.toLowerCase(), key);
  }

  function whoIs(actor: Actor): Identity {
    const where = `${PLATFORM_NAMES[actor.platform]} user ${actor.userId}`;
    const email = actor.email?.toLowerCase();
    const viaAccount = byAccount.get(`${actor.platform}:${actor.userId}`);
    const viaEmail = email ? byEmail.get(email) : undefined;
    if (viaAccount && viaEmail && viaAccount !== viaEmail)
      return {
        conflict: true,
        problem: `Gatehouse cannot tell who ${where} is: the policy's people lists that account as ${viaAccount} but their email ${email} as ${viaEmail}.`,
      };
    if (viaAccount) return { person: `person:${viaAccount}`, declared: true };
    if (viaEmail) {
      const ids = policy.people[viaEmail]?.[actor.platform];
      if (ids?.length)
        return {
          conflict: true,
          problem: `Gatehouse cannot tell who ${where} is: their email ${email} belongs to people.${viaEmail}, whose ${PLATFORM_NAMES[actor.platform]} accounts do not include ${actor.userId}.`,
        };
      return { person: `person:${viaEmail}`, declared: true };
    }
    if (email) return { person: email, declared: false };
    if (actor.platform === 'console') return { person: `console:${actor.userId}`, declared: false };
    return {
      problem: `Gatehouse cannot tell which person ${where} is: ${VERIFIED_EMAIL[actor.platform]}, and no entry in the policy's people lists ${actor.platform}: ${actor.userId}.`,
    };
  }

  /** A PM Cloud requester: their Windows account through `people.*.windows`, else their UPN. */
  function whoIsAccount(account: { windows?: string; email?: string }): Identity {
    const viaWindows = account.windows ? byWindows.get(account.windows.toLowerCase()) : undefined;
    const email = account.email?.toLowerCase();
    const viaEmail = email ? byEmail.get(email) : undefined;
    if (viaWindows && viaEmail && viaWindows !== viaEmail)
      return {
        conflict: true,
        problem: `the policy's people lists ${account.windows} as ${viaWindows} but ${email} as ${viaEmail}`,
      };
    const key = viaWindows ?? viaEmail;
    if (key) return { person: `person:${key}`, declared: true };
    if (email) return { person: email, declared: false };
    return {
      problem: `PM Cloud names the requester only as ${account.windows ?? 'an unknown account'} (no user principal name), and no entry in the policy's people lists that Windows account under windows`,
    };
  }

  /** The person a role member names, when it names one (an unlisted platform id names only that account). */
  function personOfMember(member: string): string | undefined {
    if (member.startsWith('person:')) return member;
    if (member.includes('@') && !member.includes(':')) {
      const email = member.toLowerCase();
      const key = byEmail.get(email);
      return key ? `person:${key}` : email;
    }
    const key = byAccount.get(member);
    if (key) return `person:${key}`;
    return member.startsWith('console:') ? member : undefined;
  }

  return { whoIs, whoIsAccount, personOfMember };
}

export type People = ReturnType<typeof createPeople>;
