import { formatTime } from '../../src/intents/duration.ts';
import type { Policy } from '../../src/policy/policy-schema.ts';
import type { View, ViewField, ViewState } from '../../src/views/view.ts';
import { describeDuration, describeGrant, durationChoices } from './access-durations.ts';
import { type AccessState, type AccessStatus, askedAt } from './access-state.ts';

export interface AccessCardOptions {
  access: Policy['access'];
  now: Date;
}

/** "Alice", "Alice and Carol", "Alice, Bob and Carol". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? 'someone';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * How long a request has waited, in steps coarse enough that refreshing the cards when it changes costs a
 * few updates an hour: "under 15 min", "30+ min", "3+ h", "2+ d".
 */
export function waitingLabel(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 15) return 'under 15 min';
  if (minutes < 60) return `${Math.floor(minutes / 15) * 15}+ min`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}+ h`;
  return `${Math.floor(minutes / 1440)}+ d`;
}

/** The line a decided card ends with: "Approved by Alice for 1 h at 10:32 UTC", "Denied by Bob: <reason>". */
export function finalLine(state: AccessState, now: Date): string {
  const d = state.decision;
  switch (state.status) {
    case 'approved':
      return `Approved by ${joinNames(d?.by ?? [])} ${describeGrant(d?.duration ?? 'once')} at ${formatTime(d?.at ?? now, now)}`;
    case 'denied':
      return `Denied by ${joinNames(d?.by ?? [])}: ${d?.reason ?? ''}`;
    case 'elsewhere':
      return `Decided in PM Cloud: ${state.elsewhere?.decision ?? 'Decided'} by ${state.elsewhere?.by ?? 'someone outside Gatehouse'}`;
    case 'expired':
      return 'Expired, nothing was granted';
    case 'gone':
      return 'No longer in PM Cloud, nothing was granted here';
    case 'pending':
      return 'Waiting for a decision';
  }
}

const TITLES: Record<AccessStatus, string> = {
  pending: 'Admin access request',
  approved: 'Admin access approved',
  denied: 'Admin access denied',
  elsewhere: 'Admin access decided in PM Cloud',
  expired: 'Admin access request expired',
  gone: 'Admin access request withdrawn',
};

function viewState(state: AccessState): ViewState {
  switch (state.status) {
    case 'pending':
      return 'pending';
    case 'approved':
      return 'success';
    case 'denied':
      return 'denied';
    case 'elsewhere':
      return state.elsewhere?.decision === 'Approved' ? 'success' : 'denied';
    case 'expired':
      return 'expired';
    case 'gone':
      return 'cancelled';
  }
}

/** "1 of 2 approvals (Alice)" while collecting; the waiting line otherwise. */
function pendingLine(state: AccessState, required: number): string {
  if (required <= 1 || state.approvals.length === 0) return 'Waiting for a decision';
  return `${state.approvals.length} of ${required} approvals (${joinNames(state.approvals.map((v) => v.name))})`;
}

export function whoMayDecide(state: AccessState, access: Policy['access']): string {
  const role = access.approver_role;
  const requester = state.request.user.name;
  return access.required_approvals > 1
    ? `${access.required_approvals} different people with the ${role} role (not ${requester})`
    : `anyone with the ${role} role except ${requester}`;
}

/** The fields every form of the card shows: who, which computer, when, how long. */
export function requestFields(state: AccessState, now: Date): ViewField[] {
  const { request } = state;
  return [
    {
      label: 'Requested by',
      value: request.user.email ? `${request.user.name} (${request.user.email})` : request.user.name,
    },
    { label: 'Computer', value: request.computer.name },
    { label: 'Asked', value: request.createdAt ? formatTime(request.createdAt, now) : 'not stated' },
    { label: 'Duration asked', value: describeDuration(request.requestedDuration) },
  ];
}

/**
 * The access request card, the same on every platform: who asks, for which computer, why, when, how long,
 * how long it has waited, who may decide and its state; while pending, a duration choice and Approve /
 * Deny (a reason is required) / Details. Buttons carry only the pending action's id.
 */
export function renderAccessCard(state: AccessState, o: AccessCardOptions): View {
  const { request } = state;
  const pending = state.status === 'pending';
  const line = pending ? pendingLine(state, o.access.required_approvals) : finalLine(state, o.now);
  const fields: ViewField[] = [
    ...requestFields(state, o.now),
    ...(pending
      ? [
          { label: 'Waiting', value: waitingLabel(o.now.getTime() - askedAt(state).getTime()) },
          { label: 'Who may decide', value: whoMayDecide(state, o.access) },
        ]
      : []),
    { label: 'State', value: line },
    ...(request.ticketId ? [{ label: 'Ticket', value: request.ticketId }] : []),
  ];
  const view: View = {
    title: TITLES[state.status],
    state: viewState(state),
    summary: pending
      ? `${request.user.name} asks for admin rights on ${request.computer.name} (${describeDuration(request.requestedDuration)})`
      : `${request.user.name} on ${request.computer.name}: ${line}`,
    fields,
    blocks: [
      { type: 'text', text: request.reason ? `Reason: ${request.reason}` : 'No reason given.' },
      ...(pending ? [] : [{ type: 'context' as const, text: line }]),
      { type: 'context', text: `PM Cloud request ${request.id}` },
    ],
  };
  if (!pending || !state.ref) return view;
  const { choices, initial } = durationChoices(o.access);
  return {
    ...view,
    inputs: [
      { type: 'select', id: 'duration', label: 'Grant for', choices, ...(initial ? { initial } : {}) },
      { type: 'text', id: 'reason', label: 'Reason for denying', required: true, multiline: true },
    ],
    actions: [
      { label: 'Approve', verb: 'access.approve', ref: state.ref, style: 'primary', inputs: ['duration'] },
      { label: 'Deny', verb: 'access.deny', ref: state.ref, style: 'danger', inputs: ['reason'] },
      { label: 'Details', verb: 'access.details', ref: state.ref },
    ],
  };
}
