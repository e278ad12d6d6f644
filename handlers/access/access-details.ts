import { formatTime } from '../../src/intents/duration.ts';
import type { Policy } from '../../src/policy/policy-schema.ts';
import type { AdminAccessRequest } from '../../src/vendors/pmcloud/index.ts';
import type { View, ViewBlock } from '../../src/views/view.ts';
import { finalLine, joinNames, requestFields, waitingLabel, whoMayDecide } from './access-card.ts';
import { describeDuration, ONCE_AS_SECONDS } from './access-durations.ts';
import { type AccessState, askedAt, newAccessState } from './access-state.ts';

/** What PM Cloud says now, in Gatehouse's words. */
function pmCloudLine(request: AdminAccessRequest, now: Date): string {
  if (request.status === 'Pending') return 'Pending';
  const by = request.decidedBy ? ` by ${request.decidedBy}` : '';
  const when = request.decisionTime ? ` at ${formatTime(request.decisionTime, now)}` : '';
  return `${request.status}${by}${when}`;
}

/** One request's state in Gatehouse: the final line, or the approvals collected so far. */
export function gatehouseLine(state: AccessState, access: Policy['access'], now: Date): string {
  if (state.status !== 'pending') return finalLine(state, now);
  if (state.deciding) return `${state.deciding.by} is sending a decision`;
  const votes = state.approvals.length;
  return access.required_approvals > 1
    ? `${votes} of ${access.required_approvals} approvals${votes ? ` (${joinNames(state.approvals.map((v) => v.name))})` : ''}`
    : 'Waiting for a decision';
}

/**
 * Everything known about one request, for `access show <id>` and the Details button (shown privately):
 * PM Cloud's current word, Gatehouse's state, the approvals with their times, and how to decide by text.
 */
export function accessDetailsView(
  request: AdminAccessRequest,
  state: AccessState | undefined,
  o: { access: Policy['access']; now: Date; stale?: boolean },
): View {
  const shown = state ?? newAccessState(request, o.now);
  const pending = request.status === 'Pending' && shown.status === 'pending';
  const blocks: ViewBlock[] = [
    { type: 'text', text: request.reason ? `Reason: ${request.reason}` : 'No reason given.' },
  ];
  if (shown.approvals.length > 0) {
    blocks.push({
      type: 'list',
      items: shown.approvals.map((v) => `Approved by ${v.name} at ${formatTime(v.at, o.now)}`),
    });
  }
  if (pending) {
    blocks.push({
      type: 'context',
      text: `Decide by text: access approve ${request.id} [--for 2h] [reason] · access deny ${request.id} <reason>. "Once" is sent to PM Cloud as ${ONCE_AS_SECONDS / 60} min.`,
    });
  }
  if (o.stale) {
    blocks.push({
      type: 'context',
      text: 'PM Cloud could not be reached just now: this is what Gatehouse saw when it posted the request.',
    });
  }
  blocks.push({ type: 'context', text: `PM Cloud request ${request.id}` });
  return {
    title: `Admin access request: ${request.user.name} on ${request.computer.name}`,
    state: pending ? 'pending' : 'info',
    summary: `${request.user.name} on ${request.computer.name}: ${pmCloudLine(request, o.now)}`,
    fields: [
      ...requestFields({ ...shown, request }, o.now),
      ...(pending
        ? [{ label: 'Waiting', value: waitingLabel(o.now.getTime() - askedAt(shown).getTime()) }]
        : []),
      { label: 'In PM Cloud', value: pmCloudLine(request, o.now) },
      { label: 'In Gatehouse', value: gatehouseLine(shown, o.access, o.now) },
      { label: 'Who may decide', value: whoMayDecide(shown, o.access) },
      ...(request.ticketId ? [{ label: 'Ticket', value: request.ticketId }] : []),
      ...(request.user.id ? [{ label: 'User id', value: request.user.id }] : []),
      ...(request.computer.id ? [{ label: 'Computer id', value: request.computer.id }] : []),
      ...(request.message ? [{ label: 'Decision message', value: request.message }] : []),
    ],
    blocks,
  };
}

/** One line of `access list`: computer, who, how long, state, id. */
export function accessListLine(
  request: AdminAccessRequest,
  state: AccessState | undefined,
  o: { access: Policy['access']; now: Date },
): string {
  const shown = state ?? newAccessState(request, o.now);
  const where =
    request.status === 'Pending' && shown.status === 'pending'
      ? `waiting ${waitingLabel(o.now.getTime() - askedAt(shown).getTime())}, ${gatehouseLine(shown, o.access, o.now)}`
      : pmCloudLine(request, o.now);
  return `${request.computer.name} — ${request.user.name} — ${describeDuration(request.requestedDuration)} — ${where} — ${request.id}`;
}
