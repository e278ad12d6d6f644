import {
  callVendor,
  parseRetryAfter,
  type VendorRequest,
  type VendorResponse,
  type VendorTransport,
} from '../http.ts';
import { PMC, type PmCloudCallContext, rateLimited } from './map-pmcloud-failure.ts';

export interface PmCloudSenderOptions {
  transport: VendorTransport;
  /** Longest total wait for PM Cloud's rate limit before giving up, default 8 s. */
  maxRateLimitWaitMs?: number;
  sleep: (ms: number) => Promise<void>;
}

/** First wait when a 429 carries no Retry-After; doubles each time. */
const FIRST_BACKOFF_MS = 500;
/** A server that keeps answering "Retry-After: 0" must not keep us looping. */
const MAX_ATTEMPTS = 10;

export type PmCloudSend = (req: VendorRequest, ctx: PmCloudCallContext) => Promise<VendorResponse>;

/**
 * One HTTP exchange with PM Cloud, absorbing its rate limit (1,000 requests per 100 s): a 429 waits for
 * Retry-After (or 0.5 s, 1 s, 2 s, … without one) and tries again, until the total wait would pass the
 * budget; then a RateLimitedError. A 429 means the request was not processed, so a retry is safe even for
 * a decision. Every other status is returned for the caller to map.
 */
export function createPmCloudSender(options: PmCloudSenderOptions): PmCloudSend {
  const budgetMs = options.maxRateLimitWaitMs ?? 8_000;
  const { transport, sleep } = options;
  return async (req, ctx) => {
    let waitedMs = 0;
    for (let attempt = 0; ; attempt += 1) {
      const res = await callVendor(PMC, transport, req);
      if (res.status !== 429) return res;
      const waitMs = parseRetryAfter(res.headers['retry-after'], FIRST_BACKOFF_MS * 2 ** attempt);
      if (waitedMs + waitMs > budgetMs || attempt + 1 >= MAX_ATTEMPTS)
        throw rateLimited(ctx, waitedMs, waitMs);
      transport.log?.warn(
        { vendor: PMC, operation: req.operation, waitMs, attempt: attempt + 1 },
        'PM Cloud rate limit: waiting before retrying',
      );
      await sleep(waitMs);
      waitedMs += waitMs;
    }
  };
}
