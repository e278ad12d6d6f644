import { describeError, GatehouseError } from '../errors.ts';
import { type Logger, withEventId } from '../log.ts';
import { deliver, type ReplySink } from './deliver.ts';
import type { Dispatcher, Request } from './dispatcher.ts';
import type { Actor, Envelope } from './envelope.ts';
import { type IntentResult, privateNotice } from './intent.ts';

/** Turns (and their follow-ups) running at once, unless the configuration says otherwise. */
export const DEFAULT_MAX_WORK_IN_FLIGHT = 64;

/** Who is behind an event: each platform brings its own lookup (users.info, a Teams member lookup, …). */
export type ActorResolver<U> = (user: U, log: Logger) => Promise<Actor>;

/**
 * The platform's acknowledgement, when it has one the turn must answer first (Slack's 3 s ack, a Teams
 * invoke's answer). The runner waits up to `budgetMs` for the reply, then calls `ack` with it (or with nothing
 * when the work is still going). `ack` returns true when its answer already showed the reply to the person,
 * so nothing more is sent; that is honoured only for a reply without follow-up work.
 */
export interface TurnAck {
  budgetMs: number;
  ack(ready: IntentResult | undefined): Promise<boolean>;
}

export type RunTurn<U> = (envelope: Envelope<U>, sink: ReplySink, answer?: TurnAck) => Promise<void>;

export interface TurnRunner {
  /** The turn runner for one platform: its actor resolver, and how it words a failure to deliver. */
  forPlatform<U>(resolve: ActorResolver<U>, explain?: (err: unknown) => string | undefined): RunTurn<U>;
  /** Turns accepted and not yet finished (follow-ups included). */
  inFlight(): number;
}

const busyNotice = () =>
  privateNotice(
    'Gatehouse is busy',
    'Gatehouse has too much work in flight right now, so it did nothing with this. Try again in a minute.',
  );

const failedNotice = (sentence: string) => privateNotice('Something went wrong', sentence, 'error');

/** Resolves with the promise's value when it settles within `ms`, else with undefined (it keeps running). */
async function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The one path of every turn on every platform: resolve the actor → dispatch (text or button) → answer the
 * platform's ack (with the reply itself when it is ready and private) → deliver through the platform's sink →
 * run the follow-up. Every log line carries the event's id; every failure becomes one sentence for the person;
 * beyond `maxInFlight` turns at once the person is told, privately, that Gatehouse is busy, and nothing runs.
 */
export function createTurnRunner(options: {
  dispatcher: Dispatcher;
  log: Logger;
  maxInFlight?: number;
}): TurnRunner {
  const { dispatcher } = options;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_WORK_IN_FLIGHT;
  let inFlight = 0;
  // Refusals are logged at most every 10 s, with their count: a line per request would add to the flood.
  let refused = 0;
  let lastBusyLog = Number.NEGATIVE_INFINITY;
  const refusedBusy = (log: Logger) => {
    refused++;
    const now = performance.now();
    if (now - lastBusyLog < 10_000) return;
    log.warn({ refused, inFlight, maxInFlight }, 'busy: refused turns without running them');
    refused = 0;
    lastBusyLog = now;
  };
  // One child logger per platform, not one per turn (pino's child() redacts and serialises its bindings).
  const platformLogs = new Map<string, Logger>();
  const logFor = (platform: string) => {
    let log = platformLogs.get(platform);
    if (!log) {
      log = options.log.child({ platform });
      platformLogs.set(platform, log);
    }
    return log;
  };

  async function dispatchTurn<U>(envelope: Envelope<U>, resolve: ActorResolver<U>, log: Logger) {
    try {
      const actor = await resolve(envelope.user, log);
      const request: Request = {
        actor,
        conversation: envelope.conversation,
        prefix: envelope.prefix,
        log,
        ...(envelope.source ? { source: envelope.source } : {}),
      };
      const { input } = envelope;
      return input.kind === 'text'
        ? await dispatcher.handleText(input.text, request)
        : await dispatcher.dispatch(input.verb, { ref: input.ref, ...input.values }, request);
    } catch (err) {
      log.error({ err }, 'the turn failed before a reply');
      return failedNotice(
        err instanceof GatehouseError || envelope.input.kind === 'text'
          ? describeError(err)
          : 'Gatehouse could not handle that click; the error is in its log. Try again.',
      );
    }
  }

  function forPlatform<U>(
    resolve: ActorResolver<U>,
    explain: (err: unknown) => string | undefined = () => undefined,
  ): RunTurn<U> {
    return (envelope, sink, answer) => withEventId(envelope.eventId, () => turn(envelope, sink, answer));

    async function turn(...[envelope, sink, answer]: Parameters<RunTurn<U>>): Promise<void> {
      const log = logFor(envelope.platform);
      if (inFlight >= maxInFlight) {
        refusedBusy(log);
        const busy = busyNotice();
        if (answer && (await answer.ack(busy))) return;
        await sink.show(busy).catch((err: unknown) => log.error({ err }, 'could not say Gatehouse is busy'));
        return;
      }
      inFlight++;
      try {
        const work = dispatchTurn(envelope, resolve, log);
        let result = answer ? await within(work, answer.budgetMs) : undefined;
        if (answer) {
          const shown = await answer.ack(result);
          if (shown && result && !result.followUp) return;
        }
        result ??= await work;
        await deliver(result, sink, log);
      } catch (err) {
        log.error({ err }, 'the turn failed after the ack');
        const sentence = explain(err) ?? describeError(err);
        await sink
          .show(failedNotice(sentence))
          .catch((e: unknown) => log.error({ err: e }, 'could not report the failed turn'));
      } finally {
        inFlight--;
      }
    }
  }

  return { forPlatform, inFlight: () => inFlight };
}
