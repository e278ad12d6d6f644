import { z } from 'zod';
import { formatDuration } from '../../src/intents/duration.ts';
import {
  defineIntent,
  type IntentContext,
  type IntentResult,
  privateNotice,
} from '../../src/intents/intent.ts';
import type { StepUp, VerifyResult } from '../../src/step-up/step-up.ts';
import type { HandlerDeps } from '../deps.ts';

const code = z.string({ error: 'give the 6-digit code from your authenticator app' }).trim().min(1).max(12);

const notConfigured = privateNotice(
  'Step-up is off',
  "Step-up verification is not configured here (GATEHOUSE_SECRET_KEY and the policy's step_up).",
);

/** One sentence for a code that was not accepted while enrolling or verifying. */
function notAccepted(result: Exclude<VerifyResult, { ok: true }>): string {
  if (result.reason === 'not_enrolled') return 'There is nothing to confirm: start with `mfa enroll`.';
  if (result.reason === 'locked') return 'Step-up is locked after too many wrong codes; try again later.';
  if (result.reason === 'replayed') return 'That code was already used; wait for the next one.';
  return result.lockedUntil
    ? 'That code is not right, and step-up is now locked for 15 minutes.'
    : `That code is not right; ${result.left} ${result.left === 1 ? 'try' : 'tries'} left.`;
}

/**
 * `mfa enroll|confirm|verify|reset`: a person's TOTP second factor for step-up verification. Enrolment is
 * answered privately with the otpauth URI and a QR image rendered here (never a URL anyone could fetch); the
 * secret is stored sealed and never shown again, logged or audited.
 */
export function mfaIntents(deps: HandlerDeps) {
  const within = () => deps.policy.policy.step_up.within;

  /** The person and the step-up service, or the sentence that says why not. */
  function who(ctx: IntentContext): { person: string; stepUp: StepUp } | IntentResult {
    if (!deps.stepUp) return notConfigured;
    const person = deps.policy.personOf(ctx.actor);
    if (!person)
      return privateNotice(
        'Who are you?',
        "Gatehouse cannot tell which person you are, so it cannot keep a second factor for you: ask the Gatehouse owners to add you to the policy's people.",
        'denied',
      );
    return { person, stepUp: deps.stepUp };
  }

  /** `mfa confirm <code>` and `mfa verify <code>`: a code checked for the person, audited either way. */
  function codeIntent(spec: {
    step: 'confirm' | 'verify';
    summary: string;
    check(stepUp: StepUp, person: string, code: string): Promise<VerifyResult>;
    /** The audit decision, the title and the sentence of an accepted code. */
    done: [decision: string, title: string, sentence: () => string];
    refused: string;
  }) {
    const name = `mfa.${spec.step}`;
    return defineIntent({
      name,
      summary: spec.summary,
      syntax: { words: ['mfa', spec.step], args: [{ name: 'code' }], usage: `mfa ${spec.step} <code>` },
      input: z.object({ code }),
      permission: 'none',
      async handle(input, ctx) {
        const me = who(ctx);
        if (!('person' in me)) return me;
        const result = await spec.check(me.stepUp, me.person, input.code);
        const [decision, title, sentence] = spec.done;
        await ctx.audit.record({
          actor: ctx.actor,
          action: name,
          targets: [me.person],
          decision: result.ok ? decision : 'refused',
          result: result.ok ? 'ok' : result.reason,
        });
        if (!result.ok) return privateNotice(spec.refused, notAccepted(result), 'denied');
        return privateNotice(title, sentence(), 'success');
      },
    });
  }

  return [
    defineIntent({
      name: 'mfa.enroll',
      summary: 'enrol an authenticator app for step-up verification (answered privately)',
      syntax: { words: ['mfa', 'enroll'], usage: 'mfa enroll' },
      input: z.object({}),
      permission: 'none',
      async handle(_input, ctx) {
        const me = who(ctx);
        if (!('person' in me)) return me;
        const { uri } = await me.stepUp.enroll(me.person);
        // Loaded on the first enrolment, not at start: qrcode and its PNG encoder are ~60 modules (issue 13).
        const { default: QRCode } = await import('qrcode');
        const png = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, scale: 4 });
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'mfa.enroll',
          targets: [me.person],
          decision: 'requested',
          result: 'awaiting the first code',
        });
        return {
          visibility: 'private',
          view: {
            title: 'Enrol your authenticator',
            state: 'pending',
            summary: 'Scan the QR code (or add the key by hand), then send `mfa confirm <code>`.',
            blocks: [
              {
                type: 'text',
                text: 'Scan this with your authenticator app, or add the link below by hand. Then confirm with the first code it shows: `mfa confirm <code>`. This is shown once, to you alone; it expires in 10 minutes.',
              },
              { type: 'code', text: uri },
            ],
            image: { alt: 'QR code of your authenticator enrolment', dataUri: png },
          },
        };
      },
    }),

    codeIntent({
      step: 'confirm',
      summary: 'confirm an enrolment with the first code',
      check: (stepUp, person, c) => stepUp.confirm(person, c),
      done: [
        'enrolled',
        'Authenticator enrolled',
        () => 'Your authenticator is enrolled. Actions that need step-up will ask for its code.',
      ],
      refused: 'Not enrolled',
    }),

    codeIntent({
      step: 'verify',
      summary: 'verify with a code before typed commands that need step-up',
      check: (stepUp, person, c) => stepUp.verify(person, c, within() * 1000),
      done: [
        'verified',
        'Verified',
        () =>
          `Verified for ${formatDuration(within())}: actions that need step-up go ahead without asking again.`,
      ],
      refused: 'Not verified',
    }),

    defineIntent({
      name: 'mfa.reset',
      summary: "forget a person's authenticator (they enrol again)",
      syntax: { words: ['mfa', 'reset'], args: [{ name: 'person' }], usage: 'mfa reset <person>' },
      input: z.object({
        person: z.string({ error: 'name the person (their email or policy name)' }).min(1).max(320),
      }),
      permission: 'mfa.reset',
      async handle(input, ctx) {
        if (!deps.stepUp) return notConfigured;
        const person =
          deps.policy.personOf({ platform: 'console', userId: '', name: '', email: input.person }) ??
          input.person;
        const had = await deps.stepUp.reset(person);
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'mfa.reset',
          targets: [person],
          decision: 'reset',
          result: had ? 'authenticator removed' : 'none was enrolled',
        });
        return privateNotice(
          'Authenticator reset',
          had
            ? `${person} must enrol again before actions that need step-up.`
            : `${person} had no authenticator enrolled.`,
          'info',
        );
      },
    }),
  ];
}
