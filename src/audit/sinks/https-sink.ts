import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import type { AuditEntry } from '../../intents/audit-log.ts';

import type { AuditSink } from './audit-sink.ts';

export interface HttpsSinkOptions {
  url: string;
  /** Sent as `Authorization: Bearer <token>`; never logged. */
  token?: string;
  /** PEM file of the CA that signed the endpoint's certificate, for a private CA. */
  caFile?: string;
  timeoutMs?: number;
}

/**
 * One JSON POST per batch through undici: `{"source":"gatehouse","entries":[…]}`, each entry exactly as the
 * chain holds it. Any answer but 2xx (or no answer) throws, so the exporter keeps the batch and retries.
 */
export function createHttpsSink(options: HttpsSinkOptions): AuditSink {
  const timeout = options.timeoutMs ?? 30_000;
  const dispatcher = new Agent({
    headersTimeout: timeout,
    bodyTimeout: timeout,
    connect: { timeout, ...(options.caFile ? { ca: readFileSync(options.caFile, 'utf8') } : {}) },
  });
  const url = new URL(options.url);
  return {
    name: `${url.origin}${url.pathname}`,
    async send(entries: AuditEntry[]) {
      const res = await request(options.url, {
        method: 'POST',
        dispatcher,
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify({ source: 'gatehouse', entries }),
      });
      await res.body.dump();
      if (res.statusCode < 200 || res.statusCode > 299)
        throw new Error(`the audit endpoint answered HTTP ${res.statusCode}`);
    },
    async close() {
      await dispatcher.close();
    },
  };
}
