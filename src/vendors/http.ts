import { type Dispatcher, request } from 'undici';
import { GatehouseError, VendorError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { VendorCallObserver } from '../metrics.ts';
import type { VendorLimits } from './vendor-limits.ts';

/** What every vendor client is built from (STYLE habit 9): a base URL, a transport, a logger, metrics. */
export interface VendorTransport {
  baseUrl: string;
  /** undici dispatcher (an Agent, a MockAgent in tests); undici's global one when absent. */
  dispatcher?: Dispatcher;
  log?: Logger;
  metrics?: VendorCallObserver;
  /** Per-call timeout for headers and body, default 15 s. */
  timeoutMs?: number;
  /** Cap on calls in flight per vendor, with a bounded wait (VENDOR_CONCURRENCY, VENDOR_QUEUE). */
  limits?: VendorLimits;
}

export interface VendorResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface VendorRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS';
  /** Path appended to the base URL (which may itself carry a path prefix). */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: string;
  /** Names the call in metrics and logs, e.g. `clients.list`. */
  operation: string;
}

/**
 * One HTTP call to a vendor over undici: times it, records it, and turns a failure to connect into a
 * VendorError that names the system and what to check. Status handling is the caller's: each client maps
 * its API's documented statuses in one place.
 */
export async function callVendor(
  vendor: string,
  transport: VendorTransport,
  req: VendorRequest,
): Promise<VendorResponse> {
  const url = joinUrl(transport.baseUrl, req.path, req.query);
  const release = await transport.limits?.acquire(vendor);
  const started = performance.now();
  let errorKind: string | undefined;
  try {
    const res = await request(url, {
      method: req.method,
      headers: req.headers,
      body: req.body,
      dispatcher: transport.dispatcher,
      headersTimeout: transport.timeoutMs ?? 15_000,
      bodyTimeout: transport.timeoutMs ?? 15_000,
    });
    const text = await res.body.text();
    if (res.statusCode >= 400) errorKind = `http_${res.statusCode}`;
    transport.log?.debug({ vendor, operation: req.operation, status: res.statusCode }, 'vendor call');
    return { status: res.statusCode, headers: res.headers, text };
  } catch (err) {
    errorKind = 'network';
    if (err instanceof GatehouseError) throw err;
    const reason = (err as { code?: string }).code ?? (err as Error).message;
    throw new VendorError(
      vendor,
      `Could not reach ${vendor} at ${new URL(url).host} (${reason}). Check that it is up and that its URL is right.`,
      {
        cause: err,
      },
    );
  } finally {
    release?.();
    transport.metrics?.observe({
      vendor,
      operation: req.operation,
      seconds: (performance.now() - started) / 1000,
      ...(errorKind ? { error: errorKind } : {}),
    });
  }
}

export function joinUrl(base: string, path: string, query?: VendorRequest['query']): string {
  const url = new URL(base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.append(key, String(value));
  }
  return url.toString();
}

/** `Retry-After` in seconds or as an HTTP date → milliseconds; `fallbackMs` when absent or unreadable. */
export function parseRetryAfter(
  value: string | string[] | undefined,
  fallbackMs: number,
  now = Date.now(),
): number {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return fallbackMs;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? fallbackMs : Math.max(0, date - now);
}

/** Parse JSON or explain, in a sentence, that the vendor sent something else. */
export function parseJson(vendor: string, res: VendorResponse, operation: string): unknown {
  try {
    return JSON.parse(res.text);
  } catch (err) {
    throw new VendorError(
      vendor,
      `${vendor} answered ${operation} with something that is not JSON (HTTP ${res.status}).`,
      {
        status: res.status,
        cause: err,
      },
    );
  }
}
