import type { ChannelTarget, Messenger, Messengers } from '../../src/intents/envelope.ts';
import type { Logger } from '../../src/log.ts';
import { type AlertPacing, readRetryAfterMs } from './alert-pacing.ts';

/** One call into a channel: a post or an update. It renders when it runs, so it always sends the latest state. */
export interface LaneJob {
  /** While a job with this id waits in the lane, another one with the same id is dropped (coalesced). */
  id: string;
  run(messenger: Messenger): Promise<void>;
}

interface Queued {
  job: LaneJob;
  failures: number;
  rateLimits: number;
}

interface Lane {
  target: ChannelTarget;
  queue: Queued[];
  waiting: Set<string>;
  nextAt: number;
  worker?: Promise<void>;
}

/** A lane that keeps being told to slow down gives up on that job after this many 429s. */
const MAX_RATE_LIMITS = 20;

/**
 * A queue per channel, sending one call at a time, `intervalMs` after the previous one completed, waiting
 * as long as a 429 asks, and coalescing repeated updates of the same message while they wait.
 */
export function createChannelLanes(options: { messengers: Messengers; pacing: AlertPacing; log: Logger }) {
  const { messengers, pacing, log } = options;
  const lanes = new Map<string, Lane>();
  let dropped = 0;

  const laneOf = (target: ChannelTarget): Lane => {
    const id = `${target.platform}:${target.channel}`;
    let lane = lanes.get(id);
    if (!lane) {
      lane = { target, queue: [], waiting: new Set(), nextAt: 0 };
      lanes.set(id, lane);
    }
    return lane;
  };

  async function waitForTurn(lane: Lane): Promise<void> {
    for (let wait = lane.nextAt - pacing.now(); wait > 0; wait = lane.nextAt - pacing.now())
      await pacing.sleep(wait);
  }

  /** The messenger as a job sees it: every post and update waits for the channel's next turn. */
  function paced(lane: Lane, messenger: Messenger): Messenger {
    const gap = pacing.intervalMs[lane.target.platform];
    // The gap runs from the previous call's completion, not its start: a call reaches the platform after it
    // starts and before it completes, so two calls arrive at least `gap` apart however long each takes.
    const call = async <T>(send: () => Promise<T>): Promise<T> => {
      await waitForTurn(lane);
      lane.nextAt = pacing.now() + gap;
      try {
        return await send();
      } finally {
        lane.nextAt = Math.max(lane.nextAt, pacing.now() + gap);
      }
    };
    return {
      platform: messenger.platform,
      post: (channel, view) => call(() => messenger.post(channel, view)),
      update: (ref, view) => call(() => messenger.update(ref, view)),
      sendDirect: (user, view) => messenger.sendDirect(user, view),
    };
  }

  async function work(lane: Lane): Promise<void> {
    const gap = pacing.intervalMs[lane.target.platform];
    for (let item = lane.queue[0]; item; item = lane.queue[0]) {
      // Wait while still queued, so updates that arrive meanwhile coalesce into this one.
      await waitForTurn(lane);
      lane.queue.shift();
      lane.waiting.delete(item.job.id);
      const messenger = messengers[lane.target.platform];
      if (!messenger) continue;
      try {
        await item.job.run(paced(lane, messenger));
      } catch (err) {
        const retryAfter = readRetryAfterMs(err);
        const where = { platform: lane.target.platform, channel: lane.target.channel, job: item.job.id };
        if (retryAfter !== undefined && item.rateLimits < MAX_RATE_LIMITS) {
          lane.nextAt = pacing.now() + Math.max(retryAfter, gap);
          log.warn({ ...where, retryAfterMs: retryAfter }, 'alert channel rate limited; waiting');
          retry(lane, { ...item, rateLimits: item.rateLimits + 1 });
        } else if (retryAfter === undefined && item.failures + 1 < pacing.maxAttempts) {
          log.warn({ err, ...where }, 'alert post failed; trying again');
          retry(lane, { ...item, failures: item.failures + 1 });
        } else {
          dropped += 1;
          log.error({ err, ...where }, 'alert post failed; giving up on this message');
        }
      }
    }
  }

  function startWorker(lane: Lane): void {
    lane.worker ??= work(lane)
      .catch((err: unknown) => log.error({ err }, 'alert lane stopped'))
      .finally(() => {
        lane.worker = undefined;
        if (lane.queue.length) startWorker(lane);
      });
  }

  /** Back at the front, unless a newer job with the same id is already waiting (it supersedes this one). */
  function retry(lane: Lane, item: Queued): void {
    if (lane.waiting.has(item.job.id)) return;
    lane.waiting.add(item.job.id);
    lane.queue.unshift(item);
  }

  return {
    /** Queue a call; false when an equal one is already waiting or the platform is not configured. */
    enqueue(target: ChannelTarget, job: LaneJob): boolean {
      if (!messengers[target.platform]) return false;
      const lane = laneOf(target);
      if (lane.waiting.has(job.id)) return false;
      lane.waiting.add(job.id);
      lane.queue.push({ job, failures: 0, rateLimits: 0 });
      startWorker(lane);
      return true;
    },

    /** Is a job with this id waiting (not yet running) in the target's lane? */
    isWaiting(target: ChannelTarget, id: string): boolean {
      return lanes.get(`${target.platform}:${target.channel}`)?.waiting.has(id) ?? false;
    },

    /** For the metrics: calls waiting in every lane, and calls given up on since start. */
    stats: () => ({ queued: [...lanes.values()].reduce((n, l) => n + l.queue.length, 0), dropped }),

    /** Resolves when every lane is empty (tests, shutdown). */
    async idle(): Promise<void> {
      for (;;) {
        const busy = [...lanes.values()].flatMap((l) => (l.worker ? [l.worker] : []));
        if (busy.length === 0) return;
        await Promise.all(busy);
      }
    },
  };
}

export type ChannelLanes = ReturnType<typeof createChannelLanes>;
