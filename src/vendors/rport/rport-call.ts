import type { z } from 'zod';
import { callVendor, parseJson, type VendorRequest, type VendorTransport } from '../http.ts';
import { parseVendorResponse } from '../validate.ts';
import { RPORT, toRportError } from './rport-error.ts';

export interface RportClientOptions extends Omit<VendorTransport, 'baseUrl'> {
  /** Server root, e.g. `https://rport.example.com:3000`; the client adds `/api/v1`. */
  baseUrl: string;
  user: string;
  /** Long-lived API token (`prefix_uuid`) with scope read+write. */
  token: string;
}

export interface RportRequest extends Omit<VendorRequest, 'headers' | 'body'> {
  /** Sent as a JSON body. */
  json?: unknown;
  /** What the call does, for the error sentence: "run the command". */
  action: string;
  clientId?: string;
}

export interface RportCall {
  /** A call whose answer is validated against `schema`. */
  <S extends z.ZodType>(req: RportRequest, schema: S): Promise<z.infer<S>>;
  /** A call answered without content (204). */
  (req: RportRequest): Promise<void>;
}

/**
 * Every rport call goes through here: HTTP Basic `user:token` (NOTES §1.2), JSON in and out, failures
 * mapped by `toRportError`, answers validated with zod.
 */
export function createRportCall(options: RportClientOptions): RportCall {
  const { user, token, ...rest } = options;
  const transport: VendorTransport = { ...rest, baseUrl: `${options.baseUrl.replace(/\/+$/, '')}/api/v1` };
  const authorization = `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;

  async function call(req: RportRequest, schema?: z.ZodType): Promise<unknown> {
    const { json, action, clientId, ...request } = req;
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (json !== undefined) headers['content-type'] = 'application/json';
    const res = await callVendor(RPORT, transport, {
      ...request,
      headers,
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    });
    if (res.status >= 400) throw toRportError(res, { action, ...(clientId ? { clientId } : {}) }, token);
    if (!schema) return undefined;
    return parseVendorResponse(RPORT, req.operation, schema, parseJson(RPORT, res, req.operation));
  }
  return call as RportCall;
}
