import { formatTime } from '../../src/intents/duration.ts';
import {
  type ApiInfo,
  hasFullCommandAccess,
  type LoggedInRep,
  type SessionKey,
  type SupportTeam,
} from '../../src/vendors/remote-support/index.ts';
import type { View } from '../../src/views/view.ts';

/** A vendor's time as "10:32 UTC", or as sent when it is not a time. */
export function readableTime(text: string, now: Date): string {
  return Number.isNaN(Date.parse(text)) ? text : formatTime(text, now);
}

/**
 * The key card, for the requester alone. The key and its URL appear in fields and the text block only;
 * title and summary (notification text, fallbacks) never hold them.
 */
export function sessionKeyView(
  key: SessionKey,
  o: { queue: string; expiresAt: string; externalKey?: string; customerName?: string; now: Date },
): View {
  const expires = readableTime(o.expiresAt, o.now);
  return {
    title: 'Session key (only you can see this)',
    state: 'success',
    summary: `Session key for ${o.queue}, expires ${expires}`,
    fields: [
      { label: 'Key', value: key.shortKey },
      { label: 'Link', value: key.keyUrl },
      { label: 'Expires', value: expires },
      { label: 'Queue', value: o.queue },
      ...(o.externalKey ? [{ label: 'External key', value: o.externalKey }] : []),
      ...(o.customerName ? [{ label: 'Customer', value: o.customerName }] : []),
    ],
    blocks: [
      {
        type: 'text',
        text: `Give the customer the link, or the key ${key.shortKey} to enter on the support site. Do not paste it into a channel.`,
      },
    ],
  };
}

/** The line a channel sees when the policy announces generated keys: who, which queue, until when. */
export function sessionKeyNotice(o: { who: string; queue: string; expiresAt: string; now: Date }): string {
  return `${o.who} generated a session key for ${o.queue}, expires ${readableTime(o.expiresAt, o.now)}.`;
}

function repLine(rep: LoggedInRep, now: Date): string {
  const sessions = rep.supportSessionCount ?? 0;
  const extra = [
    `${sessions} ${sessions === 1 ? 'session' : 'sessions'}`,
    rep.loggedInSince ? `since ${readableTime(rep.loggedInSince, now)}` : '',
    rep.type !== 'Normal' ? rep.type.toLowerCase() : '',
    rep.showingOnRepList === false ? 'hidden from the rep list' : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return `${rep.publicDisplayName} (id ${rep.id}) — ${extra}`;
}

export function repsView(reps: LoggedInRep[], now: Date): View {
  return {
    title: 'Logged-in reps',
    state: 'info',
    summary: `${reps.length} ${reps.length === 1 ? 'rep is' : 'reps are'} logged in to Remote Support`,
    blocks: [
      { type: 'list', items: reps.length ? reps.map((r) => repLine(r, now)) : ['No rep is logged in.'] },
      {
        type: 'context',
        text: 'From a list Gatehouse refreshes at most once a minute. Use a name or id with sessionkey --rep.',
      },
    ],
  };
}

function teamLine(team: SupportTeam): string {
  const issues = team.issues ?? [];
  const listed = issues.length
    ? `issues: ${issues.map((i) => (i.name === i.codeName ? i.codeName : `${i.name} (${i.codeName})`)).join(', ')}`
    : 'no issues';
  const comments = team.comments ? ` — ${team.comments}` : '';
  return `${team.name} (id ${team.id}, ${team.codeName})${comments} — ${listed}`;
}

export function teamsView(teams: SupportTeam[]): View {
  return {
    title: 'Support teams',
    state: 'info',
    summary: `${teams.length} support ${teams.length === 1 ? 'team' : 'teams'} in Remote Support`,
    blocks: [
      { type: 'list', items: teams.length ? teams.map(teamLine) : ['Remote Support lists no support team.'] },
      { type: 'context', text: 'Use a team with sessionkey --team, an issue code name with --issue.' },
    ],
  };
}

export function apiInfoView(info: ApiInfo, now: Date): View {
  const full = hasFullCommandAccess(info);
  const command = info.permissions.perm_command ?? 'not reported';
  return {
    title: 'Remote Support API',
    state: full ? 'success' : 'warning',
    summary: full
      ? `Remote Support API ${info.apiVersion} for ${info.companyName}, full command access`
      : `Remote Support API ${info.apiVersion}: command permission is ${command}, session keys need full access`,
    fields: [
      { label: 'API version', value: info.apiVersion },
      { label: 'Company', value: info.companyName },
      { label: 'Appliance clock', value: readableTime(info.timestamp, now) },
      { label: 'Command permission', value: command },
    ],
    blocks: [
      ...(full
        ? []
        : [
            {
              type: 'text' as const,
              text: `⚠️ The API account's command permission is "${command}", not full access: sessionkey will fail. Give the account full command access in /login → Management → API Configuration.`,
            },
          ]),
      {
        type: 'list',
        items: Object.keys(info.permissions).length
          ? Object.entries(info.permissions).map(([name, value]) => `${name}: ${value}`)
          : ['The appliance reported no permissions.'],
      },
    ],
  };
}
