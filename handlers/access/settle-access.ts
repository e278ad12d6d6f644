import type { AuditLog } from '../../src/intents/audit-log.ts';
import type { Actor } from '../../src/intents/envelope.ts';
import type { HandlerDeps } from '../deps.ts';
import {
  type AccessState,
  accessKeys,
  isFinal,
  keepMs,
  loadAccessState,
  removeOpen,
  updateAccessState,
} from './access-state.ts';
import { syncAccessCards } from './sync-access-cards.ts';

/** Who the audit names for what Gatehouse notices on its own (expiry, decisions taken in PM Cloud). */
export const GATEHOUSE_ACTOR: Actor = { platform: 'console', userId: 'gatehouse', name: 'Gatehouse' };

/** A decision in flight longer than this is taken to have died with its replica. */
const STALE_DECIDING_MS = 5 * 60_000;

export type SettleResult = 'closed' | 'busy';

/**
 * End a request Gatehouse did not decide (expired, decided in PM Cloud, gone): take the decision claim so no
 * click can still send a decision, record the state, audit, and update every copy. When someone holds the
 * claim it is theirs to finish ('busy'), unless `pmCloudSaysDecided` and their attempt is stale: then PM
 * Cloud's word is the truth and the card follows it.
 */
export async function settleAccess(
  deps: HandlerDeps,
  audit: AuditLog,
  id: string,
  o: {
    owner: string;
    change: (state: AccessState) => AccessState;
    action: string;
    result: string;
    pmCloudSaysDecided?: boolean;
  },
): Promise<SettleResult> {
  const access = deps.policy.policy.access;
  const claim = await deps.store.claim(accessKeys.decide(id), o.owner, keepMs(access));
  if (!claim.won) {
    const state = await loadAccessState(deps.store, id);
    if (!state || isFinal(state)) {
      await removeOpen(deps.store, id);
      return 'closed';
    }
    const since = state.deciding ? deps.now().getTime() - new Date(state.deciding.at).getTime() : Infinity;
    if (!o.pmCloudSaysDecided || since < STALE_DECIDING_MS) return 'busy';
  }
  const { state, changed } = await updateAccessState(deps.store, access, id, (current) => {
    if (!current || isFinal(current)) return undefined;
    const { deciding: _deciding, ...rest } = o.change(current);
    return rest;
  });
  await removeOpen(deps.store, id);
  if (!state || !changed) return 'closed';
  if (state.ref) {
    await deps.pending.complete(state.ref, {
      by: o.owner,
      at: deps.now().toISOString(),
      result: state.status,
    });
  }
  await audit.record({
    actor: GATEHOUSE_ACTOR,
    action: o.action,
    targets: [state.request.id],
    decision: state.status,
    result: o.result,
    detail: `${state.request.user.name} on ${state.request.computer.name}`,
  });
  await syncAccessCards(deps, id);
  return 'closed';
}

/** The policy's time limit passed: nothing was granted, and no click can grant it any more. */
export function expireAccess(deps: HandlerDeps, audit: AuditLog, id: string): Promise<SettleResult> {
  return settleAccess(deps, audit, id, {
    owner: 'Gatehouse (expired)',
    change: (s) => ({ ...s, status: 'expired' }),
    action: 'access.expired',
    result: 'nothing granted',
  });
}

/**
 * Ask PM Cloud about a request that left the pending list (or whose decision PM Cloud refused with 409) and
 * show its decision on every copy. A request PM Cloud still calls pending is left alone.
 */
export async function noticeDecidedElsewhere(
  deps: HandlerDeps,
  audit: AuditLog,
  id: string,
): Promise<SettleResult | 'pending'> {
  const pmc = deps.vendors.pmCloud;
  if (!pmc) return 'busy';
  let request: Awaited<ReturnType<typeof pmc.getAdminAccessRequest>> | undefined;
  try {
    request = await pmc.getAdminAccessRequest(id);
  } catch (err) {
    if ((err as { code?: string }).code !== 'not_found') throw err;
  }
  if (request?.status === 'Pending') return 'pending';
  if (!request) {
    return settleAccess(deps, audit, id, {
      owner: 'PM Cloud',
      change: (s) => ({ ...s, status: 'gone' }),
      action: 'access.gone',
      result: 'no longer in PM Cloud',
      pmCloudSaysDecided: true,
    });
  }
  const decision = request.status;
  return settleAccess(deps, audit, id, {
    owner: 'PM Cloud',
    change: (s) => ({
      ...s,
      status: 'elsewhere',
      elsewhere: {
        decision,
        ...(request.decidedBy ? { by: request.decidedBy } : {}),
        ...(request.decisionTime ? { at: request.decisionTime } : {}),
      },
    }),
    action: 'access.elsewhere',
    result: `${decision.toLowerCase()} in PM Cloud${request.decidedBy ? ` by ${request.decidedBy}` : ''}`,
    pmCloudSaysDecided: true,
  });
}
