import type { Actor } from '../../src/intents/envelope.ts';
import type { AdminAccessRequest } from '../../src/vendors/pmcloud/index.ts';

/** "CORP\\amelia.hart" / "amelia.hart@corp.example" → "ameliahart": the account without domain or dots. */
function account(text: string): string {
  const withoutDomain = text.split('\\').at(-1)?.split('@')[0] ?? '';
  return withoutDomain.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** Names shorter than this are too ambiguous to compare on their own. */
const MIN_ACCOUNT = 3;

/**
 * Whether `actor` is the person who asked for the admin access. PM Cloud knows them by a Windows account
 * ("CORP\\amelia.hart") and often a UPN; chat platforms by email and display name. It matches on email first,
 * then on the account name against the actor's email, platform id and display name. It leans towards "same
 * person": a false match only asks another approver to decide, a missed one would let someone grant
 * themselves admin rights.
 */
export function isRequester(user: AdminAccessRequest['user'], actor: Actor): boolean {
  const email = actor.email?.toLowerCase();
  if (email && user.email && email === user.email.toLowerCase()) return true;
  const theirs = new Set([user.name, user.email ?? ''].map(account).filter((a) => a.length >= MIN_ACCOUNT));
  const mine = [actor.email ?? '', actor.userId, actor.name].map(account);
  return mine.some((a) => a.length >= MIN_ACCOUNT && theirs.has(a));
}
