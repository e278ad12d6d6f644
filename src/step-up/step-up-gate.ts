import { formatTime } from '../intents/duration.ts';
import type { Actor } from '../intents/envelope.ts';
import { type IntentContext, type IntentResult, privateNotice } from '../intents/intent.ts';
import type { ViewInput } from '../views/view.ts';
import type { StepUp, VerifyResult } from './step-up.ts';

export const CODE_INPUT = 'code';

/** The code field a step-up prompt (or a card that needs step-up) asks for. */
export const codeInput: ViewInput = {
  type: 'text',
  id: CODE_INPUT,
  label: 'Code from your authenticator app',
  placeholder: '6 digits',
  required: true,
};

export interface StepUpGateOptions {
  stepUp: StepUp;
  /** The person behind an actor, as the policy knows them; undefined when that cannot be told. */
  personOf: (actor: Actor) => string | undefined;
  /** How long a right code keeps a person verified (the policy's `step_up.within`, read on each use). */
  withinMs: () => number;
}

export interface StepUpRequest {
  /** The action being taken, for the audit entry (`access.approve`). */
  action: string;
  targets: string[];
  /** The code the person typed, if any. */
  code?: string | undefined;
  /**
   * Where the prompt's button goes for a button press: the same verb and pending action, with the other
   * values carried. Absent for typed commands, which are told to verify first with `mfa verify <code>`.
   */
  retry?: { verb: string; ref: string; values: Record<string, string> };
}

/** One sentence for a code that was not accepted. */
function refusal(result: Exclude<VerifyResult, { ok: true }>, now: Date): string {
  switch (result.reason) {
    case 'not_enrolled':
      return 'This action needs step-up verification, and you have no authenticator enrolled: run `mfa enroll` first.';
    case 'locked':
      return `Step-up is locked after too many wrong codes, until ${formatTime(result.until, now)}.`;
    case 'replayed':
      return 'That code was already used; wait for the next one from your authenticator app.';
    case 'wrong':
      return result.lockedUntil
        ? `That code is not right, and that was the fifth wrong code: step-up is locked until ${formatTime(result.lockedUntil, now)}.`
        : `That code is not right; ${result.left} ${result.left === 1 ? 'try' : 'tries'} left before step-up locks for 15 minutes.`;
  }
}

/**
 * The step-up check a privileged button passes before its claim: a person verified within `within` goes
 * on; otherwise a typed code is checked (wrong, replayed and locked codes refused and audited), and without
 * a code the person gets a private prompt that presses the same button again with the code. Nothing is
 * claimed or done until a code is accepted.
 */
export function createStepUpGate(options: StepUpGateOptions) {
  const { stepUp, personOf, withinMs } = options;

  return async function passStepUp(
    ctx: IntentContext,
    req: StepUpRequest,
  ): Promise<IntentResult | undefined> {
    const person = personOf(ctx.actor);
    const audit = (decision: string, result: string) =>
      ctx.audit.record({
        actor: ctx.actor,
        action: 'step_up',
        targets: req.targets,
        decision,
        result,
        detail: req.action,
      });
    if (!person) {
      await audit('refused', 'person unknown');
      return privateNotice(
        'Who are you?',
        "This action needs step-up verification, and Gatehouse cannot tell which person you are: ask the Gatehouse owners to add you to the policy's people.",
        'denied',
      );
    }
    if (await stepUp.isFresh(person)) return undefined;
    const code = req.code?.trim();
    if (!code) {
      if (!(await stepUp.isEnrolled(person))) {
        await audit('refused', 'not enrolled');
        return privateNotice(
          'Step-up needed',
          refusal({ ok: false, reason: 'not_enrolled' }, ctx.now()),
          'denied',
        );
      }
      if (!req.retry)
        return privateNotice(
          'Verification needed',
          'This needs a fresh second factor: send `mfa verify <code>` with the code from your authenticator app, then repeat the command. Nothing was done.',
          'denied',
        );
      return promptFor(req.retry);
    }
    const result = await stepUp.verify(person, code, withinMs());
    if (result.ok) {
      await audit('verified', 'ok');
      return undefined;
    }
    await audit(
      'refused',
      result.reason === 'wrong' && result.lockedUntil ? 'wrong code; locked' : result.reason,
    );
    if (result.reason === 'wrong' && result.lockedUntil)
      await ctx.audit.record({
        actor: ctx.actor,
        action: 'mfa.lock',
        targets: [person],
        decision: 'locked',
        result: `until ${result.lockedUntil}`,
      });
    return privateNotice('Not verified', `${refusal(result, ctx.now())} Nothing was done.`, 'denied');
  };
}

/** The private prompt: the code, the values the first press carried, and the same button again. */
function promptFor(retry: NonNullable<StepUpRequest['retry']>): IntentResult {
  const carried: ViewInput[] = Object.entries(retry.values).map(([id, value]) => ({
    type: 'select',
    id,
    label: id,
    choices: [{ label: value, value }],
    initial: value,
  }));
  return {
    visibility: 'private',
    view: {
      title: 'Verification needed',
      state: 'pending',
      summary: 'Enter the code from your authenticator app to go on; nothing has been done yet.',
      blocks: [{ type: 'text', text: 'This action needs a fresh second factor. Nothing has been done yet.' }],
      inputs: [...carried, codeInput],
      actions: [
        {
          label: 'Verify and continue',
          verb: retry.verb,
          ref: retry.ref,
          style: 'primary',
          inputs: [...carried.map((i) => i.id), CODE_INPUT],
        },
      ],
    },
  };
}

export type StepUpGate = ReturnType<typeof createStepUpGate>;
