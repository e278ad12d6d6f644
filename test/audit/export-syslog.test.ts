import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditExporter } from '../../src/audit/audit-exporter.ts';
import { createSyslogSink } from '../../src/audit/sinks/syslog-sink.ts';
import { SD_ID } from '../../src/audit/syslog-format.ts';
import { verifyExportedLines } from '../../src/audit/verify-file.ts';
import { createStore } from '../../src/store/create-store.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { actor, auditLogOn } from './audit-fixtures.ts';
import { parseSyslog, splitFrames } from './rfc5424.ts';

const TLS_DIR = join(import.meta.dirname, '../fixtures/tls');

async function listen(server: Server) {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** How many whole frames have arrived (0 while a frame is still partial). */
function framesSoFar(chunks: Buffer[]) {
  try {
    return splitFrames(Buffer.concat(chunks)).length;
  } catch {
    return 0;
  }
}

describe.each([
  ['tcp', false],
  ['tls', true],
] as const)('syslog over %s', (_name, tls) => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  it('delivers well-formed RFC 5424 messages, one structured-data element per entry, verifiable from the lines', async () => {
    // A syslog collector on 127.0.0.1 (plain TCP or TLS) that keeps every byte it receives.
    const chunks: Buffer[] = [];
    const onSocket = (s: NodeJS.ReadableStream) => s.on('data', (c: Buffer) => chunks.push(c));
    const server = tls
      ? createTlsServer(
          {
            key: readFileSync(join(TLS_DIR, 'localhost.key')),
            cert: readFileSync(join(TLS_DIR, 'localhost.crt')),
          },
          onSocket,
        )
      : createTcpServer(onSocket);
    const port = await listen(server);
    cleanup.push(() => new Promise((resolve) => server.close(() => resolve())));

    const store = createStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'gh-audit-')), 's.sqlite')}`);
    cleanup.push(() => store.close());
    const audit = auditLogOn(store);
    await audit.record({
      actor,
      action: 'rport.run',
      targets: ['web1', 'db]2'],
      decision: 'allowed',
      result: 'ok',
      detail: 'echo "a\\b"',
    });
    await audit.record({
      actor: { ...actor, name: 'Zoë' },
      action: 'access.approve',
      targets: ['42'],
      decision: 'approved',
      result: 'ok',
    });
    const sink = createSyslogSink({
      host: '127.0.0.1',
      port,
      tls,
      ...(tls ? { caFile: join(TLS_DIR, 'localhost.crt') } : {}),
    });
    const exporter = createAuditExporter({ store, sink, log: captureLogs().log });
    cleanup.push(() => exporter.stop());
    await exporter.runOnce();
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && framesSoFar(chunks) < 2) await sleep(10);

    const messages = splitFrames(Buffer.concat(chunks)).map(parseSyslog);
    expect(messages).toHaveLength(2);
    const [first] = messages;
    expect(first).toMatchObject({ pri: 110, version: 1, appName: 'gatehouse', msgId: 'audit', bom: true });
    expect(first!.sd).toHaveLength(1);
    expect(first!.sd[0]!.id).toBe(SD_ID);
    expect(first!.sd[0]!.params).toEqual(
      expect.arrayContaining([
        ['seq', '1'],
        ['action', 'rport.run'],
        ['target', 'web1'],
        ['target', 'db]2'],
        ['detail', 'echo "a\\b"'],
        ['actor', 'console:alice'],
      ]),
    );
    expect(messages[1]!.sd[0]!.params).toContainEqual(['actorName', 'Zoë']);
    const report = await verifyExportedLines(
      (async function* () {
        yield* messages.map((m) => m.msg);
      })(),
    );
    expect(report).toMatchObject({ ok: true, checked: 2 });
  });
});
