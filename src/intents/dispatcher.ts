import type { z } from 'zod';
import { describeError, GatehouseError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics.ts';
import type { PolicyEngine } from '../policy/policy-engine.ts';
import type { StepUpGate } from '../step-up/step-up-gate.ts';
import { noticeView, type View } from '../views/view.ts';
import type { AuditLog } from './audit-log.ts';
import { isButtonIntent } from './button-intent.ts';
import type { Actor, Conversation, MessageRef, Messengers } from './envelope.ts';
import { parseCommand } from './grammar.ts';
import { renderHelp } from './help-view.ts';
import type { Intent, IntentContext, IntentResult } from './intent.ts';
import type { RateLimiter } from './rate-limit.ts';

export interface DispatcherOptions {
  intents: Intent[];
  policy: PolicyEngine;
  audit: AuditLog;
  log: Logger;
  metrics?: Pick<Metrics, 'countIntent'>;
  messengers: Messengers;
  /** Systems that are configured (`rport`, `PM Cloud`, …); an intent whose `requires` is absent is refused. */
  configured: ReadonlySet<string>;
  now?: () => Date;
  /** Step-up verification: which intents need a fresh second factor, and the check they pass first. */
  stepUp?: { needed(intent: string): boolean; gate: StepUpGate };
  /** Commands per person per minute (rate-limit.ts); absent: no limit. */
  rateLimit?: RateLimiter;
}

export interface Request {
  actor: Actor;
  conversation: Conversation;
  /** The card a button was on. */
  source?: MessageRef;
  /** How the platform spells the command prefix in help (`/pam `, `pam `, ``). */
  prefix?: string;
  /** The turn's logger (it carries the event id); the dispatcher's own when absent. */
  log?: Logger;
}

export interface Dispatcher {
  /** A line of text from any platform. */
  handleText(text: string, request: Request): Promise<IntentResult>;
  /** One call for every adapter: an intent by name with raw input (a button's verb and values). */
  dispatch(name: string, input: unknown, request: Request): Promise<IntentResult>;
  readonly intents: readonly Intent[];
}

const privately = (view: View): IntentResult => ({ view, visibility: 'private' });

/**
 * The one place that knows the intents: parse → authorize → validate → handle, with metrics and logs.
 * Nothing an intent does can throw past here: every failure becomes one sentence for the person.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { intents, policy, audit, log, metrics, messengers, configured } = options;
  const now = options.now ?? (() => new Date());
  const byName = new Map(intents.map((i) => [i.name, i]));
  const commands = intents.flatMap((i) => (i.syntax ? [{ name: i.name, syntax: i.syntax }] : []));

  const visibleTo = (actor: Actor) => {
    const may = policy.permits(actor);
    return intents.filter((i) => i.syntax && (i.permission === 'none' || may(i.permission)));
  };

  /** Every command and click from outside counts against its person's allowance; intents calling intents do not. */
  async function dispatch(name: string, rawInput: unknown, request: Request): Promise<IntentResult> {
    const slowDown = await options.rateLimit?.check(request.actor, name);
    if (slowDown) return privately(noticeView('Slow down', slowDown, 'warning'));
    return run(name, rawInput, request);
  }

  async function run(name: string, rawInput: unknown, request: Request): Promise<IntentResult> {
    const { actor } = request;
    const prefix = request.prefix ?? '';
    const intent = byName.get(name);
    const who = { intent: name, actor: `${actor.platform}:${actor.userId}` };
    const reqLog = request.log ? request.log.child(who) : log.child({ platform: actor.platform, ...who });
    if (!intent) {
      metrics?.countIntent('unknown', 'bad_input');
      return privately(
        renderHelp(visibleTo(actor), {
          prefix,
          problem: 'That action is not known to this version of Gatehouse.',
        }),
      );
    }
    if (intent.requires && !configured.has(intent.requires)) {
      metrics?.countIntent(name, 'not_configured');
      return privately(noticeView('Not configured', `${intent.requires} is not configured here.`, 'warning'));
    }
    if (intent.permission !== 'none' && !policy.can(actor, intent.permission)) {
      metrics?.countIntent(name, 'denied');
      await audit.record({ actor, action: name, targets: [], decision: 'denied', result: 'not permitted' });
      reqLog.info('refused: not permitted by the policy');
      return privately(
        noticeView(
          'Not permitted',
          `The policy does not let you use \`${intent.syntax?.words.join(' ') ?? name}\`. Ask the Gatehouse owners for a role that includes it.`,
          'denied',
        ),
      );
    }
    const ctx: IntentContext = {
      ...request,
      log: reqLog,
      policy,
      audit,
      messengers,
      now,
      dispatch: (next, nextInput) => run(next, nextInput, { ...request, source: undefined }),
    };
    let input = rawInput ?? {};
    const stepUp = options.stepUp;
    if (stepUp && (isButtonIntent(intent) || stepUp.needed(name))) {
      // The code is the step-up check's alone: it never reaches the handler.
      const { code, ...rest } = input as Record<string, unknown>;
      input = rest;
      const typed = typeof code === 'string' ? { code } : {};
      // A button press is checked in the button flow (after who may press it, before its claim)…
      ctx.stepUp = {
        needed: stepUp.needed,
        check: (req) => stepUp.gate(ctx, { ...req, ...typed }),
      };
      // …a typed command here, before anything runs.
      if (stepUp.needed(name) && typeof rest.ref !== 'string') {
        const stop = await stepUp.gate(ctx, { action: name, targets: [], ...typed });
        if (stop) {
          metrics?.countIntent(name, 'step_up');
          return stop;
        }
      }
    }
    const parsed = (intent.input as z.ZodType).safeParse(input);
    if (!parsed.success) {
      metrics?.countIntent(name, 'bad_input');
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      const problem = `${field}${issue?.message ?? 'invalid input'}`;
      return privately(
        renderHelp(visibleTo(actor), { prefix, topic: intent.syntax?.words.join(' '), problem }),
      );
    }
    try {
      const result = await intent.handle(parsed.data, ctx);
      metrics?.countIntent(name, 'ok');
      return result;
    } catch (err) {
      const known = err instanceof GatehouseError;
      metrics?.countIntent(name, known ? err.code : 'error');
      if (known) reqLog.warn({ err: { code: err.code, message: err.message } }, 'intent failed');
      else reqLog.error({ err }, 'intent failed with an unexpected error');
      return privately(
        noticeView(
          known && err.code === 'not_permitted' ? 'Not permitted' : 'That did not work',
          describeError(err),
          'error',
        ),
      );
    }
  }

  return {
    intents,
    dispatch,
    async handleText(text, request) {
      const prefix = request.prefix ?? '';
      let parsed: ReturnType<typeof parseCommand>;
      try {
        parsed = parseCommand(text, commands);
      } catch (err) {
        (request.log ?? log).error({ err }, 'grammar failed');
        parsed = { kind: 'help', problem: 'Gatehouse could not read that command.' };
      }
      if (parsed.kind === 'help') {
        metrics?.countIntent('help', parsed.problem ? 'bad_input' : 'ok');
        const view = renderHelp(visibleTo(request.actor), { prefix, ...parsed });
        return { view, visibility: 'private' };
      }
      return dispatch(parsed.name, parsed.input, request);
    },
  };
}
