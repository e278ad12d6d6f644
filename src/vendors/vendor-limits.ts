import { VendorError } from '../errors.ts';

export interface VendorLimitSettings {
  /** Calls in flight to one vendor at once (VENDOR_CONCURRENCY). */
  concurrency: number;
  /** Callers that may wait for a free slot (VENDOR_QUEUE); one more is told at once that it is busy. */
  queue: number;
}

interface Lane {
  inFlight: number;
  waiting: Array<() => void>;
}

/**
 * Bounded work per vendor (issue 13, item 4): at most `concurrency` calls to one vendor run at once, at most
 * `queue` more wait their turn in arrival order, and any caller beyond that fails at once with a sentence
 * saying the vendor is busy, instead of piling up sockets and memory while the vendor is slow.
 */
export function createVendorLimits(settings: VendorLimitSettings) {
  const lanes = new Map<string, Lane>();
  const laneOf = (vendor: string): Lane => {
    let lane = lanes.get(vendor);
    if (!lane) {
      lane = { inFlight: 0, waiting: [] };
      lanes.set(vendor, lane);
    }
    return lane;
  };

  return {
    /** Wait for a slot; returns the function that gives it back (call it exactly once). */
    async acquire(vendor: string): Promise<() => void> {
      const lane = laneOf(vendor);
      if (lane.inFlight >= settings.concurrency) {
        if (lane.waiting.length >= settings.queue) {
          throw new VendorError(
            vendor,
            `${vendor} is busy: ${settings.concurrency} calls to it are already running and ${settings.queue} waiting. Try again in a moment.`,
            { code: 'rate_limited' },
          );
        }
        // The slot is handed over by `release` (inFlight is not decremented in between), so a caller that
        // arrives meanwhile cannot overtake one that was waiting.
        await new Promise<void>((resolve) => lane.waiting.push(resolve));
      } else lane.inFlight++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const next = lane.waiting.shift();
        if (next) next();
        else lane.inFlight--;
      };
    },

    /** Calls running and waiting for one vendor (tests, metrics). */
    load(vendor: string): { inFlight: number; waiting: number } {
      const lane = lanes.get(vendor);
      return { inFlight: lane?.inFlight ?? 0, waiting: lane?.waiting.length ?? 0 };
    },
  };
}

export type VendorLimits = ReturnType<typeof createVendorLimits>;
