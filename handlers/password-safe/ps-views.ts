import { formatTime } from '../../src/intents/duration.ts';
import { type PsSession, type PsUser, qualifiedUserName } from '../../src/vendors/password-safe/index.ts';
import type { View } from '../../src/views/view.ts';

export function sessionLine(s: PsSession, now: Date): string {
  const started = s.startTime ? `since ${formatTime(s.startTime, now)}` : 'not started';
  return `#${s.id} ${s.managedAccountName ?? 'unknown account'} on ${s.assetName ?? 'unknown asset'} — ${s.protocolName}, ${s.statusName}, ${started}`;
}

export function sessionsView(sessions: PsSession[], statuses: string, now: Date): View {
  return {
    title: `Password Safe sessions (${statuses})`,
    state: 'info',
    summary: `${sessions.length} sessions`,
    blocks: [
      {
        type: 'list',
        items: sessions.length ? sessions.map((s) => sessionLine(s, now)) : ['No session has that status.'],
      },
    ],
  };
}

export function userFields(u: PsUser): NonNullable<View['fields']> {
  const name = [u.firstName, u.lastName].filter(Boolean).join(' ');
  return [
    { label: 'User', value: qualifiedUserName(u) },
    ...(name ? [{ label: 'Name', value: name }] : []),
    { label: 'Email', value: u.emailAddress ?? '—' },
    { label: 'Active', value: u.isActive ? 'yes' : 'no' },
    { label: 'Quarantined', value: u.isQuarantined ? 'yes' : 'no' },
    { label: 'Last login', value: u.lastLoginDate ?? '—' },
  ];
}

export function userView(u: PsUser): View {
  return {
    title: `BeyondInsight user ${qualifiedUserName(u)}`,
    state: u.isQuarantined ? 'warning' : 'info',
    summary: qualifiedUserName(u),
    fields: userFields(u),
  };
}
