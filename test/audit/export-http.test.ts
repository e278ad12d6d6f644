import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type AuditExporter, createAuditExporter } from '../../src/audit/audit-exporter.ts';
import { entryLine } from '../../src/audit/chain-hash.ts';
import { createHttpsSink } from '../../src/audit/sinks/https-sink.ts';
import { verifyExportedLines } from '../../src/audit/verify-file.ts';
import type { AuditEntry } from '../../src/intents/audit-log.ts';
import { createStore } from '../../src/store/create-store.ts';
import type { Store } from '../../src/store/store.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { REDIS_URL } from '../helpers/stores.ts';
import { auditLogOn, backends, recordMany } from './audit-fixtures.ts';

/** An audit collector on 127.0.0.1: keeps every batch it accepts, and can be taken down and brought back. */
function createCollector() {
  const received: AuditEntry[] = [];
  const auth: Array<string | undefined> = [];
  let server: Server | undefined;
  let port = 0;
  const up = () =>
    new Promise<void>((resolve) => {
      server = createServer((req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          auth.push(req.headers.authorization);
          received.push(...(JSON.parse(body) as { entries: AuditEntry[] }).entries);
          res.writeHead(204).end();
        });
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      server?.closeAllConnections();
      server?.close(() => resolve());
      server = undefined;
    });
  return { received, auth, up, down, url: () => `http://127.0.0.1:${port}/audit` };
}

async function until(what: () => Promise<boolean>, ms = 8000) {
  const deadline = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

describe.each(backends)('exporting the audit chain over HTTP from %s', (_name, make) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  function exporterFor(store: Store, url: string, owner?: string): AuditExporter {
    const exporter = createAuditExporter({
      store,
      sink: createHttpsSink({ url, token: 'export-token-123', timeoutMs: 2000 }),
      log: captureLogs().log,
      batchSize: 4,
      retryBaseMs: 20,
      retryMaxMs: 80,
      ...(owner ? { owner } : {}),
    });
    cleanup.push(() => exporter.stop());
    return exporter;
  }

  it('loses nothing and keeps the order while the target is down for a while', async () => {
    const { store } = make();
    cleanup.push(() => store.close());
    const collector = createCollector();
    await collector.up();
    cleanup.push(collector.down);
    const audit = auditLogOn(store);
    const exporter = exporterFor(store, collector.url());
    await recordMany(audit, 5);
    await exporter.runOnce();
    expect(collector.received.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);

    await collector.down(); // the target is gone: connections are refused
    await recordMany(audit, 6, 6);
    for (let i = 0; i < 5; i++) {
      await exporter.runOnce();
      await sleep(30);
    }
    expect(collector.received).toHaveLength(5);
    expect(await exporter.cursor()).toBe(5);

    await collector.up(); // back on the same port
    await recordMany(audit, 2, 12);
    await until(async () => {
      await exporter.runOnce();
      return (await exporter.cursor()) === 13;
    });
    expect(collector.received.map((e) => e.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(collector.auth.every((a) => a === 'Bearer export-token-123')).toBe(true);
    const report = await verifyExportedLines(
      (async function* () {
        yield* collector.received.map(entryLine);
      })(),
    );
    expect(report).toMatchObject({ ok: true, checked: 13 });
  });
});

describe('two replicas exporting from one Redis', () => {
  it('export one at a time under the lease, and the other resumes at the cursor', async () => {
    const namespace = `gh-audit-${randomUUID()}`;
    const one = createStore(REDIS_URL, { namespace });
    const two = createStore(REDIS_URL, { namespace });
    const collector = createCollector();
    await collector.up();
    const sink = () => createHttpsSink({ url: collector.url() });
    const log = captureLogs().log;
    const a = createAuditExporter({ store: one, sink: sink(), log, owner: 'replica-a', batchSize: 3 });
    const b = createAuditExporter({ store: two, sink: sink(), log, owner: 'replica-b', batchSize: 3 });
    try {
      await recordMany(auditLogOn(one), 4);
      expect(await a.runOnce()).toBe(true);
      expect(await b.runOnce()).toBe(false); // a holds the lease
      await recordMany(auditLogOn(two), 3, 5);
      await a.stop(); // a goes away; b takes over where a's cursor stands
      expect(await b.runOnce()).toBe(true);
      expect(collector.received.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await b.stop();
      await collector.down();
      await Promise.all([one.close(), two.close()]);
    }
  });
});

describe('exporting over HTTPS with a private CA', () => {
  it('posts the batch to a TLS endpoint whose certificate AUDIT_EXPORT_CA names', async () => {
    const tlsDir = join(import.meta.dirname, '../fixtures/tls');
    const bodies: string[] = [];
    const server = createHttpsServer(
      { key: readFileSync(join(tlsDir, 'localhost.key')), cert: readFileSync(join(tlsDir, 'localhost.crt')) },
      (req, res) => {
        let body = '';
        req.on('data', (c) => {
          body += c;
        });
        req.on('end', () => {
          bodies.push(body);
          res.writeHead(200).end('{}');
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/ingest`;
    const { store } = backends[0]![1]();
    const log = captureLogs().log;
    const trusting = createAuditExporter({
      store,
      sink: createHttpsSink({ url, caFile: join(tlsDir, 'localhost.crt') }),
      log,
    });
    const untrusting = createAuditExporter({ store, sink: createHttpsSink({ url }), log, owner: 'other' });
    try {
      await recordMany(auditLogOn(store), 2);
      await untrusting.runOnce(); // the certificate is not signed by a CA it knows: nothing is sent
      expect(bodies).toHaveLength(0);
      await untrusting.stop();
      await trusting.runOnce();
      expect(JSON.parse(bodies[0]!)).toMatchObject({
        source: 'gatehouse',
        entries: [{ seq: 1 }, { seq: 2 }],
      });
    } finally {
      await trusting.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    }
  });
});
