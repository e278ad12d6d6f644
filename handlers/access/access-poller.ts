import type { AuditLog } from '../../src/intents/audit-log.ts';
import type { Actor, ChannelTarget } from '../../src/intents/envelope.ts';
import { createPoller, type Poller } from '../../src/intents/poller.ts';
import { channelTargets } from '../../src/intents/posted-cards.ts';
import type { AdminAccessRequest } from '../../src/vendors/pmcloud/index.ts';
import type { HandlerDeps } from '../deps.ts';
import { renderAccessCard, waitingLabel } from './access-card.ts';
import {
  accessKeys,
  addOpen,
  askedAt,
  isExpired,
  isFinal,
  keepMs,
  loadAccessState,
  newAccessState,
  openIds,
  removeOpen,
  updateAccessState,
} from './access-state.ts';
import { expireAccess, GATEHOUSE_ACTOR, noticeDecidedElsewhere } from './settle-access.ts';
import { syncAccessCards } from './sync-access-cards.ts';

export const ACCESS_POLLER = 'pmc-access';

/** What the card's pending action holds: the PM Cloud request its buttons decide. */
export interface AccessDecideParams {
  requestId: string;
}

/** The requester as a pending action records them: by their PM Cloud identity, on no chat platform. */
function requesterOf(request: AdminAccessRequest): Actor {
  return {
    platform: 'console',
    userId: request.user.id ?? request.user.name,
    name: request.user.name,
    ...(request.user.email ? { email: request.user.email } : {}),
  };
}

/**
 * Post a new pending request once to the approvers' channels on every configured platform. "Once" holds
 * across restarts and replicas because the posting is claimed in the store before anything is posted (a
 * replica that dies between the claim and the post leaves that request unposted rather than posted twice).
 */
async function postOnce(
  deps: HandlerDeps,
  audit: AuditLog,
  request: AdminAccessRequest,
  targets: ChannelTarget[],
): Promise<void> {
  const access = deps.policy.policy.access;
  const now = deps.now();
  if (targets.length === 0) return;
  const fresh = newAccessState(request, now);
  if (isExpired(fresh, access, now)) return; // past the policy's limit before anyone saw it: nothing to offer
  const claim = await deps.store.claim(accessKeys.posted(request.id), 'poller', keepMs(access));
  if (!claim.won) return;
  const existing = await loadAccessState(deps.store, request.id);
  if (existing && isFinal(existing)) return;
  const action = await deps.pending.create<AccessDecideParams>({
    kind: 'access.decide',
    requester: requesterOf(request),
    params: { requestId: request.id },
    confirm: { mode: 'second', role: access.approver_role },
    conversation: { platform: targets[0]!.platform, id: targets[0]!.channel },
    ttlSec: access.expire_after,
  });
  const shownWaiting = waitingLabel(now.getTime() - askedAt(fresh).getTime());
  const { state } = await updateAccessState(deps.store, access, request.id, (current) =>
    current
      ? current.ref
        ? undefined
        : { ...current, ref: action.id, shownWaiting }
      : { ...newAccessState(request, now, action.id), shownWaiting },
  );
  if (!state) return;
  await addOpen(deps.store, request.id);
  const view = renderAccessCard(state, { access, now });
  const refs = await deps.posted.post(accessKeys.subject(request.id), targets, view);
  await audit.record({
    actor: GATEHOUSE_ACTOR,
    action: 'access.posted',
    targets: [request.id],
    decision: 'requested',
    result: `posted to ${refs.length} of ${targets.length} channels`,
    detail: `${request.user.name} on ${request.computer.name}`,
  });
  // A decision by text may have landed while the cards were being posted: show it on them too.
  const after = await loadAccessState(deps.store, request.id);
  if (after && after.version !== state.version) await syncAccessCards(deps, request.id);
}

/** An open request: decided elsewhere, expired, or still waiting (refresh the waiting time when it changes). */
async function checkOpen(deps: HandlerDeps, audit: AuditLog, id: string, stillPending: boolean) {
  const access = deps.policy.policy.access;
  const state = await loadAccessState(deps.store, id);
  if (!state || isFinal(state)) {
    await removeOpen(deps.store, id);
    return;
  }
  if (!stillPending) {
    await noticeDecidedElsewhere(deps, audit, state.request.id);
    return;
  }
  const now = deps.now();
  if (isExpired(state, access, now)) {
    await expireAccess(deps, audit, state.request.id);
    return;
  }
  const label = waitingLabel(now.getTime() - askedAt(state).getTime());
  if (label === state.shownWaiting || state.deciding) return;
  const { changed } = await updateAccessState(deps.store, access, id, (s) =>
    s && s.status === 'pending' && s.shownWaiting !== label ? { ...s, shownWaiting: label } : undefined,
  );
  if (changed) await syncAccessCards(deps, id);
}

/**
 * One round: list PM Cloud's pending requests, post the new ones, and settle the open ones that were decided
 * in PM Cloud or have expired. One request failing is logged and does not stop the others.
 */
export async function pollAccessRequests(deps: HandlerDeps): Promise<void> {
  const pmc = deps.vendors.pmCloud;
  if (!pmc) return;
  const audit = deps.audit;
  const pending = await pmc.listPendingAdminAccessRequests();
  const stillPending = new Set(pending.map((r) => r.id.toLowerCase()));
  const targets = channelTargets(deps.policy.policy.access.channels).filter(
    (t) => deps.messengers[t.platform],
  );
  const guard = (id: string, work: Promise<void>) =>
    work.catch((err: unknown) => deps.log.error({ err, request: id }, 'access request round failed'));
  for (const request of pending) await guard(request.id, postOnce(deps, audit, request, targets));
  for (const id of await openIds(deps.store)) {
    await guard(id, checkOpen(deps, audit, id, stillPending.has(id)));
  }
}

/** The `pmc-access` poller: one replica at a time, every `intervalMs`. */
export function createAccessPoller(deps: HandlerDeps, intervalMs: number, owner?: string): Poller {
  return createPoller({
    name: ACCESS_POLLER,
    store: deps.store,
    intervalMs,
    log: deps.log.child({ poller: ACCESS_POLLER }),
    tick: () => pollAccessRequests(deps),
    ...(owner ? { owner } : {}),
  });
}
