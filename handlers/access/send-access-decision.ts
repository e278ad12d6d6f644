import { describeError } from '../../src/errors.ts';
import { actorLabel } from '../../src/intents/envelope.ts';
import type { IntentContext, IntentResult } from '../../src/intents/intent.ts';
import { DecisionPathError } from '../../src/vendors/pmcloud/index.ts';
import { noticeView } from '../../src/views/view.ts';
import type { HandlerDeps } from '../deps.ts';
import { joinNames, renderAccessCard } from './access-card.ts';
import { type AccessDuration, describeGrant, secondsFor } from './access-durations.ts';
import { type AccessState, accessKeys, removeOpen, updateAccessState } from './access-state.ts';
import { notifyRequester } from './notify-requester.ts';
import { noticeDecidedElsewhere } from './settle-access.ts';
import { syncAccessCards } from './sync-access-cards.ts';

export type Verdict =
  | { kind: 'approve'; duration: AccessDuration; reason?: string }
  | { kind: 'deny'; reason: string };

/** What the caller holds when it gets here: the decision claim, and (approving) the actor's vote claim. */
export interface Claimed {
  state: AccessState;
  /** The `deciding` marker this attempt wrote, so a rollback removes only its own. */
  deciding: { by: string; at: string };
  /** Set when approving: the actor's vote, taken back if PM Cloud refuses. */
  vote?: { key: string; person: string };
}

/** "Approved in Gatehouse by Alice for 1 h: reason" — the message PM Cloud records with the decision. */
function messageFor(verdict: Verdict, names: string[]): string {
  if (verdict.kind === 'deny') return `Denied in Gatehouse by ${joinNames(names)}: ${verdict.reason}`;
  const why = verdict.reason ? `: ${verdict.reason}` : '';
  return `Approved in Gatehouse by ${joinNames(names)} ${describeGrant(verdict.duration)}${why}`;
}

/**
 * Send a claimed decision to PM Cloud. On success: record it, audit, update every copy, tell the requester,
 * and answer with the final card. On failure: give back the claims and the vote so the card stays
 * actionable, audit the failure, and answer the clicker alone with one sentence.
 */
export async function sendAccessDecision(
  deps: HandlerDeps,
  ctx: IntentContext,
  claimed: Claimed,
  verdict: Verdict,
): Promise<IntentResult> {
  const access = deps.policy.policy.access;
  const { state, deciding } = claimed;
  const id = state.id;
  const label = actorLabel(ctx.actor);
  const approving = verdict.kind === 'approve';
  const action = approving ? 'access.approve' : 'access.deny';
  const names = approving ? state.approvals.map((v) => v.name) : [label];
  const detail = `${state.request.user.name} on ${state.request.computer.name}${
    approving ? `, ${describeGrant(verdict.duration)}` : `: ${verdict.reason}`
  }`;
  try {
    await deps.vendors.pmCloud!.decideAdminAccessRequest({
      requestId: state.request.id,
      decision: approving ? 'Approved' : 'Denied',
      ...(approving ? { durationSeconds: secondsFor(verdict.duration) } : {}),
      decidedBy: ctx.actor.email ?? label,
      message: messageFor(verdict, names),
    });
  } catch (err) {
    const person = claimed.vote?.person;
    await updateAccessState(deps.store, access, id, (s) => {
      if (!s) return undefined;
      const mine = s.deciding?.by === deciding.by && s.deciding.at === deciding.at;
      const { deciding: current, ...rest } = s;
      return {
        ...rest,
        ...(mine || !current ? {} : { deciding: current }),
        approvals: person ? s.approvals.filter((v) => v.person !== person) : s.approvals,
      };
    });
    await deps.store.releaseClaim(accessKeys.decide(id), label);
    if (claimed.vote) await deps.store.releaseClaim(claimed.vote.key, label);
    const sentence = describeError(err);
    await ctx.audit.record({
      actor: ctx.actor,
      action,
      targets: [state.request.id],
      decision: approving ? 'approved' : 'denied',
      result: `failed: ${sentence}`,
      detail,
    });
    if ((err as { code?: string }).code === 'conflict') {
      await noticeDecidedElsewhere(deps, ctx.audit, id).catch((e: unknown) =>
        ctx.log.warn({ err: e }, 'could not read the request PM Cloud says was decided'),
      );
    }
    if (err instanceof DecisionPathError) {
      // A setting to fix, not a failure to retry: one notice to the approver alone, the card left as it was.
      ctx.log.warn(
        { vendor: 'PM Cloud', path: err.path, status: err.status },
        'PM Cloud decision endpoint not found: PMC_DECISION_PATH must match the tenant API definition',
      );
      const still = 'The request is still open: decide it again once PMC_DECISION_PATH is fixed.';
      return { visibility: 'private', view: noticeView('Not decided', `${sentence} ${still}`, 'error') };
    }
    return { visibility: 'private', view: noticeView('Not decided', sentence, 'error') };
  }

  const at = ctx.now().toISOString();
  const { state: final } = await updateAccessState(deps.store, access, id, (s) => {
    if (!s) return undefined;
    const { deciding: _done, ...rest } = s;
    return {
      ...rest,
      status: approving ? 'approved' : 'denied',
      decision: {
        by: names,
        at,
        ...(approving ? { duration: verdict.duration } : {}),
        ...(verdict.reason ? { reason: verdict.reason } : {}),
      },
    };
  });
  await removeOpen(deps.store, id);
  if (final?.ref) {
    await deps.pending.complete(final.ref, { by: label, at, result: approving ? 'approved' : 'denied' });
  }
  await ctx.audit.record({
    actor: ctx.actor,
    action,
    targets: [state.request.id],
    decision: approving ? 'approved' : 'denied',
    result: 'ok',
    detail: names.length > 1 ? `${detail} (approved by ${joinNames(names)})` : detail,
  });
  await syncAccessCards(deps, id);
  if (final) await notifyRequester(deps, final);
  const view = final
    ? renderAccessCard(final, { access, now: ctx.now() })
    : noticeView('Decided', `PM Cloud recorded the decision on ${state.request.id}.`, 'success');
  return { visibility: 'channel', view };
}
