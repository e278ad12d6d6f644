import { formatDuration, formatTime } from '../../src/intents/duration.ts';
import { type Actor, actorLabel } from '../../src/intents/envelope.ts';
import { type IntentContext, type IntentResult, privateNotice } from '../../src/intents/intent.ts';
import type { HandlerDeps } from '../deps.ts';
import { finalLine } from './access-card.ts';
import {
  type AccessState,
  accessKeys,
  isExpired,
  isFinal,
  keepMs,
  loadAccessState,
  personKey,
  updateAccessState,
} from './access-state.ts';
import { refuseRequester } from './is-requester.ts';
import { sendAccessDecision, type Verdict } from './send-access-decision.ts';
import { expireAccess } from './settle-access.ts';
import { syncAccessCards } from './sync-access-cards.ts';

/** Why a click or command found nothing to do: decided, being decided, or already voted. */
function explainState(state: AccessState | undefined, o: { now: Date }): IntentResult {
  if (!state) return privateNotice('Unknown request', 'Gatehouse no longer knows this request.');
  if (isFinal(state))
    return privateNotice('Already decided', `Already decided: ${finalLine(state, o.now)}.`, 'info');
  if (state.deciding) {
    return privateNotice(
      'Being decided',
      `${state.deciding.by} is sending a decision on this request to PM Cloud right now.`,
      'info',
    );
  }
  return privateNotice('Not changed', 'Nothing changed; look at the request again and retry.', 'info');
}

/**
 * Who may decide a request, for text and buttons alike: an approver, and never its requester. Undefined when
 * `actor` may; otherwise a title and the sentence that says why not.
 */
export function refuseDecider(
  deps: Pick<HandlerDeps, 'policy'>,
  actor: Actor,
  state: AccessState,
): { title: string; sentence: string } | undefined {
  const access = deps.policy.policy.access;
  if (!deps.policy.hasRole(actor, access.approver_role)) {
    return {
      title: 'Not an approver',
      sentence: `Only people with the ${access.approver_role} role can decide admin access requests.`,
    };
  }
  return refuseRequester(state.request, actor, deps.policy);
}

/**
 * The one decision path for buttons and text commands: approver role; never the requester; not expired;
 * a reason to deny; then claimed once (20 clicks, two replicas → one call to PM Cloud) and sent. With
 * `required_approvals` above 1, each approver's vote is claimed per person and the decision is claimed and
 * sent when the threshold is met; one denial ends it.
 */
export async function decideAccess(
  deps: HandlerDeps,
  ctx: IntentContext,
  state: AccessState,
  verdict: Verdict | { kind: 'deny'; reason?: string },
): Promise<IntentResult> {
  const access = deps.policy.policy.access;
  const now = ctx.now();
  const action = verdict.kind === 'approve' ? 'access.approve' : 'access.deny';
  const { user, computer } = state.request;
  if (isFinal(state)) return explainState(state, { now });

  const refuse = async (title: string, sentence: string) => {
    await ctx.audit.record({
      actor: ctx.actor,
      action,
      targets: [state.request.id],
      decision: 'refused',
      result: sentence,
      detail: `${user.name} on ${computer.name}`,
    });
    return privateNotice(title, sentence, 'denied');
  };
  // Votes and decisions are per person: who cannot be resolved to one, or proven not to be the requester, may not.
  const refusal = refuseDecider(deps, ctx.actor, state);
  if (refusal) return refuse(refusal.title, refusal.sentence);
  if (isExpired(state, access, now)) {
    await expireAccess(deps, ctx.audit, state.id);
    return privateNotice(
      'Expired',
      `This request waited longer than ${formatDuration(access.expire_after)} and expired; nothing was granted.`,
      'expired',
    );
  }
  if (verdict.kind === 'deny') {
    const reason = verdict.reason?.trim();
    if (!reason) {
      return privateNotice(
        'Reason needed',
        'A denial needs a reason, so the requester knows why; nothing was changed.',
      );
    }
    return deny(deps, ctx, state, reason);
  }
  return approve(deps, ctx, state, verdict);
}

async function deny(
  deps: HandlerDeps,
  ctx: IntentContext,
  state: AccessState,
  reason: string,
): Promise<IntentResult> {
  const access = deps.policy.policy.access;
  const label = actorLabel(ctx.actor);
  const claim = await deps.store.claim(accessKeys.decide(state.id), label, keepMs(access));
  if (!claim.won) {
    const current = await loadAccessState(deps.store, state.id);
    if (current && (isFinal(current) || current.deciding)) return explainState(current, { now: ctx.now() });
    return privateNotice(
      'Already handled',
      `Already handled by ${claim.holder.owner} at ${formatTime(claim.holder.at, ctx.now())}.`,
      'info',
    );
  }
  const deciding = { by: label, at: ctx.now().toISOString() };
  const { state: current } = await updateAccessState(deps.store, access, state.id, (s) =>
    s && !isFinal(s) ? { ...s, deciding } : undefined,
  );
  return sendAccessDecision(deps, ctx, { state: current ?? state, deciding }, { kind: 'deny', reason });
}

async function approve(
  deps: HandlerDeps,
  ctx: IntentContext,
  state: AccessState,
  verdict: Extract<Verdict, { kind: 'approve' }>,
): Promise<IntentResult> {
  const access = deps.policy.policy.access;
  const required = access.required_approvals;
  const now = ctx.now();
  const label = actorLabel(ctx.actor);
  const person = personKey(ctx.policy, ctx.actor);
  if (!person) return privateNotice('Who are you?', 'Gatehouse cannot tell which person you are.', 'denied');
  const voteKey = accessKeys.vote(state.id, person);
  const vote = await deps.store.claim(voteKey, label, keepMs(access));
  if (!vote.won) {
    const current = await loadAccessState(deps.store, state.id);
    if (!current || isFinal(current) || current.deciding) return explainState(current, { now });
    const missing = required - current.approvals.length;
    return privateNotice(
      'Already approved',
      `You have already approved this request; it needs ${missing} more ${missing === 1 ? 'approval' : 'approvals'} from other people with the ${access.approver_role} role.`,
      'info',
    );
  }

  const deciding = { by: label, at: now.toISOString() };
  let reached = false;
  const { state: afterVote, changed } = await updateAccessState(deps.store, access, state.id, (s) => {
    if (!s || isFinal(s) || s.deciding || s.approvals.some((v) => v.person === person)) return undefined;
    const approvals = [...s.approvals, { person, name: label, at: deciding.at }];
    reached = approvals.length >= required;
    return { ...s, approvals, ...(reached ? { deciding } : {}) };
  });
  if (!changed || !afterVote) {
    await deps.store.releaseClaim(voteKey, label);
    return explainState(afterVote, { now });
  }
  if (!reached) {
    const count = afterVote.approvals.length;
    await ctx.audit.record({
      actor: ctx.actor,
      action: 'access.approve',
      targets: [state.request.id],
      decision: 'approved',
      result: `pending: ${count} of ${required} approvals`,
      detail: `${state.request.user.name} on ${state.request.computer.name}`,
    });
    await syncAccessCards(deps, state.id);
    return privateNotice(
      'Approval recorded',
      `Your approval is recorded: ${count} of ${required}. PM Cloud is told once ${required - count} more ${required - count === 1 ? 'approver agrees' : 'approvers agree'}.`,
      'info',
    );
  }
  const claim = await deps.store.claim(accessKeys.decide(state.id), label, keepMs(access));
  if (!claim.won) {
    // Someone denied (or the poller closed it) between our vote and the claim: take the vote back.
    await updateAccessState(deps.store, access, state.id, (s) => {
      if (!s) return undefined;
      const { deciding: current, ...rest } = s;
      const mine = current?.by === deciding.by && current.at === deciding.at;
      return {
        ...rest,
        ...(mine || !current ? {} : { deciding: current }),
        approvals: s.approvals.filter((v) => v.person !== person),
      };
    });
    await deps.store.releaseClaim(voteKey, label);
    return privateNotice(
      'Already handled',
      `Already handled by ${claim.holder.owner} at ${formatTime(claim.holder.at, now)}.`,
      'info',
    );
  }
  return sendAccessDecision(
    deps,
    ctx,
    { state: afterVote, deciding, vote: { key: voteKey, person } },
    verdict,
  );
}
