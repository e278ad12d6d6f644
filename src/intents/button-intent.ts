import type { z } from 'zod';
import { describeError } from '../errors.ts';
import type { View } from '../views/view.ts';
import { formatTime } from './duration.ts';
import { actorLabel } from './envelope.ts';
import {
  defineIntent,
  type Intent,
  type IntentContext,
  type IntentResult,
  privateNotice,
  type refInput,
} from './intent.ts';
import { refuseConfirmation, samePerson } from './may-confirm.ts';
import type { PendingAction, PendingActions } from './pending-actions.ts';

/**
 * How a button's pending action is taken: `once` (the default) claims it for the first click and records how
 * it ended; `none` is a read-only button (Details) that anyone allowed may press again; `by-act` leaves the
 * claims to `act` (access votes: one claim per approver, one per decision), which also audits what it did.
 */
export type ButtonClaim = 'once' | 'none' | 'by-act';

/** What a button did: the reply, and the audit entry (required unless `claim` is `by-act`). */
export interface ButtonDone {
  reply: IntentResult;
  audit?: { decision: string; result: string; detail?: string };
  /** What later clicks are told it ended as ("cancelled", "started job 12"); defaults to the audit decision. */
  outcome?: string;
}

type ButtonInput = typeof refInput;

export interface ButtonSpec<P, S extends ButtonInput = ButtonInput> {
  /** The intent name, the button's verb: `rport.confirm`. */
  name: string;
  summary: string;
  /** The pending action kind the button resolves: `rport.run`. Any other kind is "not known". */
  kind: string;
  input: S;
  requires?: string;
  pending: PendingActions;
  claim?: ButtonClaim;
  /** The audit targets and detail of an action, for every outcome. */
  describe(action: PendingAction<P>): { targets: string[]; detail?: string };
  /**
   * The one place that decides who may press: undefined when `ctx.actor` may, otherwise the sentence that
   * says why not (use `refuseConfirmation` from may-confirm.ts for the requester and four-eyes rules).
   */
  mayPress(action: PendingAction<P>, ctx: IntentContext): string | undefined | Promise<string | undefined>;
  /** Checks on the input alone (a duration choice), before anything is loaded; nothing is audited. */
  check?(input: z.infer<S>): IntentResult | undefined;
  /** What it acts on is gone or has moved on (an alert resolved or fired again): why, and the answer. */
  stale?(
    action: PendingAction<P>,
    ctx: IntentContext,
  ): Promise<{ reason: string; reply: IntentResult } | undefined>;
  /** The card once the action has expired (default: a private notice). */
  expired?(action: PendingAction<P>, ctx: IntentContext): IntentResult;
  /** The sentence for a reference Gatehouse does not know (default: "This button is not known (any more).") */
  unknown?: string;
  act(action: PendingAction<P>, input: z.infer<S>, ctx: IntentContext): Promise<ButtonDone>;
  /** Whether this action needs step-up beyond the policy's `step_up.for` (an rport rule with `step_up`). */
  stepUp?(action: PendingAction<P>): boolean;
}

/** What the registry test reads to prove a button goes through the one flow. */
export interface ButtonMeta {
  kind: string;
  claim: ButtonClaim;
}

export const BUTTON: unique symbol = Symbol.for('gatehouse.button');

export type ButtonIntent = Intent & { [BUTTON]: ButtonMeta };

export function isButtonIntent(intent: Intent): intent is ButtonIntent {
  return BUTTON in intent;
}

/** Mark an intent that reaches the flow through `pressButton` itself (access approve / deny from a card). */
export function markButton<I extends Intent>(intent: I, meta: ButtonMeta): I & { [BUTTON]: ButtonMeta } {
  return Object.assign(intent, { [BUTTON]: meta });
}

/**
 * The one flow every button goes through: load the pending action, check its kind, say "already handled"
 * or "expired", decide who may press, claim it once, act, record how it ended, and audit every outcome
 * (unknown, handled, expired, refused, stale, done, failed).
 */
export async function pressButton<P, S extends ButtonInput>(
  spec: ButtonSpec<P, S>,
  input: z.infer<S>,
  ctx: IntentContext,
): Promise<IntentResult> {
  const claimMode = spec.claim ?? 'once';
  const early = spec.check?.(input);
  if (early) return early;
  const audit = (targets: string[], decision: string, result: string, detail?: string) =>
    ctx.audit.record({
      actor: ctx.actor,
      action: spec.name,
      targets,
      decision,
      result,
      ...(detail ? { detail } : {}),
    });
  const unknown = async () => {
    await audit([input.ref], 'unknown', 'no such pending action');
    return privateNotice('Unknown action', spec.unknown ?? 'This button is not known (any more).');
  };
  const handled = async (action: PendingAction<P>, by: string, at: string, result?: string) => {
    const { targets, detail } = spec.describe(action);
    await audit(targets, 'already handled', `by ${by}`, detail);
    const how = result ? ` (${result})` : '';
    return privateNotice(
      'Already handled',
      `Already handled by ${by} at ${formatTime(at, ctx.now())}${how}.`,
      'info',
    );
  };
  const expired = async (action: PendingAction<P>) => {
    const { targets, detail } = spec.describe(action);
    await audit(targets, 'expired', 'nothing done', detail);
    return (
      spec.expired?.(action, ctx) ??
      privateNotice(
        'Expired',
        `This button expired at ${formatTime(action.expiresAt, ctx.now())}; nothing was done.`,
        'expired',
      )
    );
  };

  const action = await spec.pending.get<P>(input.ref);
  if (action?.kind !== spec.kind) return unknown();
  const { targets, detail } = spec.describe(action);
  if (claimMode === 'once') {
    const done = await spec.pending.outcome(action.id);
    if (done) return handled(action, done.by, done.at, done.result);
    if (new Date(action.expiresAt) <= ctx.now()) return expired(action);
  }
  const refusal = await spec.mayPress(action, ctx);
  if (refusal) {
    await audit(targets, 'refused', refusal, detail);
    return privateNotice('Not permitted', refusal, 'denied');
  }
  const stale = await spec.stale?.(action, ctx);
  if (stale) {
    await audit(targets, 'stale', stale.reason, detail);
    return stale.reply;
  }
  // Step-up: a fresh second factor before the claim, when the policy asks for it (by intent or by rule).
  if (ctx.stepUp && (ctx.stepUp.needed(spec.name) || spec.stepUp?.(action))) {
    const { ref, ...rest } = input as Record<string, unknown>;
    const values = Object.fromEntries(
      Object.entries(rest).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const stop = await ctx.stepUp.check({
      action: spec.name,
      targets,
      retry: { verb: spec.name, ref: input.ref, values },
    });
    if (stop) return stop;
  }
  if (claimMode === 'once') {
    const claim = await spec.pending.claim<P>(action.id, actorLabel(ctx.actor));
    if (claim.status === 'unknown') return unknown();
    if (claim.status === 'expired') return expired(action);
    if (claim.status === 'handled') return handled(action, claim.by, claim.at, claim.result);
  }
  let done: ButtonDone;
  try {
    done = await spec.act(action, input, ctx);
  } catch (err) {
    if (claimMode === 'once') await finish(spec.pending, action, ctx, 'failed');
    await audit(targets, 'failed', describeError(err), detail);
    throw err;
  }
  if (done.audit) {
    const { decision, result, detail: more } = done.audit;
    if (claimMode === 'once') await finish(spec.pending, action, ctx, done.outcome ?? decision);
    await audit(targets, decision, result, more ?? detail);
  } else if (claimMode !== 'by-act') {
    throw new Error(`button ${spec.name} acted without saying what to audit`);
  }
  return done.reply;
}

function finish<P>(pending: PendingActions, action: PendingAction<P>, ctx: IntentContext, result: string) {
  return pending.complete(action.id, { by: actorLabel(ctx.actor), at: ctx.now().toISOString(), result });
}

/** A button intent: permission `none` at the dispatcher, because `mayPress` decides who may press it. */
export function defineButtonIntent<P, S extends ButtonInput>(spec: ButtonSpec<P, S>): ButtonIntent {
  const intent = defineIntent({
    name: spec.name,
    summary: spec.summary,
    input: spec.input,
    permission: 'none',
    ...(spec.requires ? { requires: spec.requires } : {}),
    handle: (input, ctx) => pressButton(spec, input as z.infer<S>, ctx),
  });
  return markButton(intent as Intent, { kind: spec.kind, claim: spec.claim ?? 'once' });
}

/** Confirming follows the action's own rule: the requester, or a second person with a role. */
export function mayConfirm(action: PendingAction<unknown>, ctx: IntentContext): string | undefined {
  return refuseConfirmation(action.confirm, action.requester, ctx.actor, ctx.policy);
}

/** Cancelling: the requester may always withdraw their own request; anyone else follows the rule. */
export function mayCancel(action: PendingAction<unknown>, ctx: IntentContext): string | undefined {
  return samePerson(action.requester, ctx.actor) ? undefined : mayConfirm(action, ctx);
}

/** What a button did, shown on its card for everyone: the view, the audit decision and result. */
export function onCard(view: View, decision: string, result: string, outcome?: string): ButtonDone {
  return {
    reply: { visibility: 'channel', view },
    audit: { decision, result },
    ...(outcome ? { outcome } : {}),
  };
}

type PairSpec<P> = Omit<ButtonSpec<P>, 'name' | 'summary' | 'mayPress' | 'act'> & {
  /** `rport` → `rport.confirm` and `rport.cancel`. */
  prefix: string;
  /** "rport command" → "confirm a pending rport command". */
  noun: string;
  confirm(action: PendingAction<P>, ctx: IntentContext): Promise<ButtonDone>;
  cancel(action: PendingAction<P>, ctx: IntentContext): Promise<ButtonDone>;
  /** Whether confirming this action needs step-up (cancelling never does). */
  confirmStepUp?(action: PendingAction<P>): boolean;
};

/** The Confirm and Cancel buttons of a confirmation card: the action's rule confirms, its requester may withdraw. */
export function defineConfirmButtons<P>(spec: PairSpec<P>): ButtonIntent[] {
  const { prefix, noun, confirm, cancel, confirmStepUp, ...common } = spec;
  const steps = [
    ['confirm', mayConfirm, confirm],
    ['cancel', mayCancel, cancel],
  ] as const;
  return steps.map(([step, mayPress, act]) =>
    defineButtonIntent<P, ButtonInput>({
      ...common,
      name: `${prefix}.${step}`,
      summary: `${step} a pending ${noun}`,
      mayPress,
      act: (action, _input, ctx) => act(action, ctx),
      ...(step === 'confirm' && confirmStepUp ? { stepUp: confirmStepUp } : {}),
    }),
  );
}
