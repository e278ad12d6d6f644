import { z } from 'zod';
import type { Store } from '../../store/store.ts';
import { callVendor, parseJson, type VendorResponse, type VendorTransport } from '../http.ts';
import { createTokenCache, type IssuedToken, type TokenCache } from '../token-cache.ts';
import { parseVendorResponse } from '../validate.ts';
import { describeCommandFailure, describeTokenFailure } from './map-failure.ts';
import { parseCommandXml } from './parse-command-xml.ts';
import { REMOTE_SUPPORT, RemoteSupportError } from './remote-support-error.ts';
import type { XmlElement } from './xml-element.ts';

export interface CommandTransportOptions extends VendorTransport {
  clientId: string;
  clientSecret: string;
  store: Store;
  now?: () => number;
}

export interface CommandTransport {
  /** Run one command API action and return the root element of its answer (errors already thrown). */
  command(action: string, params?: Record<string, string>, method?: 'GET' | 'POST'): Promise<XmlElement>;
  readonly tokens: TokenCache;
}

const TokenAnswer = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.coerce.number().positive().optional(),
});

/**
 * "When making consecutive API calls, you must close the connection after each API call" (seed 000). In
 * undici 7 a `connection: close` request header is accepted and turns on the request's `reset` flag: it
 * writes `connection: close` on the wire and destroys the socket once the answer is read, so no call ever
 * shares a connection, whichever dispatcher (pool) is in use. The fake appliance checks both.
 */
const CLOSE = { connection: 'close' } as const;

/** OAuth2 client credentials → a shared bearer token → `/api/command` calls, one connection each. */
export function createCommandTransport(options: CommandTransportOptions): CommandTransport {
  const { clientId, clientSecret, store } = options;
  const transport: VendorTransport = {
    baseUrl: options.baseUrl,
    dispatcher: options.dispatcher,
    log: options.log,
    metrics: options.metrics,
    timeoutMs: options.timeoutMs,
    limits: options.limits,
  };
  const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');

  async function fetchToken(): Promise<IssuedToken> {
    const res = await callVendor(REMOTE_SUPPORT, transport, {
      method: 'POST',
      path: '/oauth2/token',
      headers: {
        authorization: `Basic ${basic}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        ...CLOSE,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
      operation: 'oauth2.token',
    });
    if (res.status !== 200) throw describeTokenFailure(res);
    const answer = parseVendorResponse(
      REMOTE_SUPPORT,
      'the token request',
      TokenAnswer,
      parseJson(REMOTE_SUPPORT, res, 'the token request'),
    );
    // The documented lifetime is one hour; an answer without expires_in is taken to mean that.
    return { token: answer.access_token, expiresInSec: answer.expires_in ?? 3600 };
  }

  const tokens = createTokenCache({
    store,
    key: `token:rs:${clientId}`,
    fetchToken,
    ...(options.now ? { now: options.now } : {}),
  });

  function send(action: string, params: Record<string, string>, method: 'GET' | 'POST', token: string) {
    const headers = { authorization: `Bearer ${token}`, accept: 'application/xml', ...CLOSE };
    const fields = { action, ...params };
    return method === 'GET'
      ? callVendor(REMOTE_SUPPORT, transport, {
          method,
          path: '/api/command',
          query: fields,
          headers,
          operation: `command.${action}`,
        })
      : callVendor(REMOTE_SUPPORT, transport, {
          method,
          path: '/api/command',
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
          operation: `command.${action}`,
        });
  }

  return {
    tokens,
    async command(action, params = {}, method = 'GET') {
      for (let attempt = 1; ; attempt += 1) {
        const token = await tokens.get();
        const res = await send(action, params, method, token);
        if (res.status === 401 && attempt === 1) {
          // Expired early, or the oldest of 30 tokens pushed out by another client: fetch a new one once.
          await tokens.invalidate(token);
          continue;
        }
        if (res.status >= 200 && res.status < 300) return parseCommandXml(action, res.text);
        throw describeCommandFailure(action, res, applianceText(action, res));
      }
    },
  };
}

/** The `<error>` text of a failed answer, when it has one. */
function applianceText(action: string, res: VendorResponse): string | undefined {
  try {
    parseCommandXml(action, res.text);
  } catch (err) {
    if (err instanceof RemoteSupportError) return err.applianceMessage;
  }
  return undefined;
}
