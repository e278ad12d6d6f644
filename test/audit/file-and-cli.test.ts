import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditExporter } from '../../src/audit/audit-exporter.ts';
import { runAuditExport } from '../../src/audit/export-cli.ts';
import { createFileSink } from '../../src/audit/sinks/file-sink.ts';
import { runAuditVerify } from '../../src/audit/verify-cli.ts';
import { createStore } from '../../src/store/create-store.ts';
import type { Store } from '../../src/store/store.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { auditLogOn, KEY, recordMany } from './audit-fixtures.ts';

describe('exported files and the audit commands', () => {
  let dir: string;
  let store: Store;
  const env = () => ({
    STORE_URL: `sqlite://${join(dir, 'store.sqlite')}`,
    GATEHOUSE_SECRET_KEY: KEY.toString('base64'),
  });
  afterEach(async () => {
    await store?.close();
  });

  async function exportToFiles(entries: number) {
    dir = mkdtempSync(join(tmpdir(), 'gh-audit-file-'));
    store = createStore(env().STORE_URL);
    await recordMany(auditLogOn(store), entries);
    let tick = 0;
    const sink = createFileSink(
      join(dir, 'out', 'audit.jsonl'),
      1000,
      () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)),
    );
    const exporter = createAuditExporter({ store, sink, log: captureLogs().log, batchSize: 3 });
    await exporter.runOnce();
    await exporter.stop();
    // Rotated files sort by their time suffix; the live file comes last.
    const rotated = readdirSync(join(dir, 'out'))
      .filter((f) => f !== 'audit.jsonl')
      .sort();
    return [...rotated, 'audit.jsonl'].map((f) => join(dir, 'out', f));
  }

  async function verify(argv: string[]) {
    const lines: string[] = [];
    const code = await runAuditVerify(argv, env(), (l) => lines.push(l));
    return { code, text: lines.join('\n') };
  }

  it('writes JSON lines rotated by size, which verify from the files alone', async () => {
    const files = await exportToFiles(12);
    expect(files).toHaveLength(4); // one batch of three lines per file
    const lines = files.flatMap((f) => readFileSync(f, 'utf8').trim().split('\n'));
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await verify(['--file', ...files])).toMatchObject({
      code: 0,
      text: expect.stringContaining('OK: 12 entries'),
    });
  });

  it('names a changed, a missing and a reordered line, and skips a repeated one', async () => {
    const files = await exportToFiles(6);
    const all = files.flatMap((f) => readFileSync(f, 'utf8').trim().split('\n'));
    const one = join(dir, 'one.jsonl');
    const check = async (lines: string[]) => {
      writeFileSync(one, `${lines.join('\n')}\n`);
      return verify([one]);
    };
    expect(await check([...all.slice(0, 3), all[2]!, ...all.slice(3)])).toMatchObject({ code: 0 });
    expect(
      await check(all.map((l, i) => (i === 3 ? l.replace('"result":"ok"', '"result":"no"') : l))),
    ).toMatchObject({
      code: 1,
      text: expect.stringContaining('BROKEN at #4: #4 was changed'),
    });
    expect(await check(all.filter((_, i) => i !== 2))).toMatchObject({
      code: 1,
      text: expect.stringContaining('BROKEN at #3: #3 was removed'),
    });
    expect(await check([all[0]!, all[2]!, all[1]!, ...all.slice(3)])).toMatchObject({
      code: 1,
      text: expect.stringContaining('BROKEN at #2'),
    });
  });

  it('verifies the store with its signed checkpoints from the command line', async () => {
    await exportToFiles(4);
    expect(await verify([])).toMatchObject({
      code: 0,
      text: expect.stringContaining('signed checkpoints verified'),
    });
    expect(await verify(['--bogus'])).toMatchObject({ code: 2 });
  });

  it('exports a period as JSON lines or CSV for an investigation', async () => {
    await exportToFiles(3);
    const out = join(dir, 'investigation.csv');
    const notes: string[] = [];
    expect(
      await runAuditExport(['--since', '2000-01-01', '--format', 'csv', '--out', out], env(), (l) =>
        notes.push(l),
      ),
    ).toBe(0);
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('seq,at,platform,user_id,name,email,action,targets,decision,result,detail,prev,hash');
    expect(csv).toHaveLength(4);
    const jsonl = join(dir, 'investigation.jsonl');
    expect(await runAuditExport(['--since', '2999-01-01', '--out', jsonl], env(), () => undefined)).toBe(0);
    expect(readFileSync(jsonl, 'utf8')).toBe('');
    expect(await runAuditExport(['--since', 'yesterday'], env(), (l) => notes.push(l))).toBe(2);
    expect(notes.join('\n')).toContain('--since and --until must be dates');
  });
});
