import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * `npm run bench -- --quick` still runs end to end: every scenario starts, every figure is printed and
 * written. Speed is never asserted here (a quick run is a smoke run, not a measurement).
 */
describe('npm run bench --quick', () => {
  it('prints every figure with its baseline and writes them as JSON', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gh-bench-smoke-')), 'bench.json');
    const { stdout } = await promisify(execFile)('npx', ['tsx', 'bench/run.ts', '--quick', '--out', out], {
      timeout: 240_000,
      maxBuffer: 16 * 2 ** 20,
    });
    const report = JSON.parse(readFileSync(out, 'utf8')) as {
      quick: boolean;
      figures: Array<{ name: string; value: number; baseline?: { value: number }; ratio?: number }>;
      writesPerTurn: Record<string, Record<string, number>>;
    };
    expect(report.quick).toBe(true);
    const names = report.figures.map((f) => f.name);
    for (const name of [
      'store: single-key writes/s (SQLite, 32 writers)',
      'Slack /pam help req/s',
      'Teams help req/s',
      'rport run at saturation (50 in flight): cards/s',
      'overload: peak RSS MiB',
      'start → ready: Gatehouse (/readyz)',
      'idle RSS: Gatehouse',
    ])
      expect(names).toContain(name);
    for (const f of report.figures) {
      expect(stdout).toContain(f.name);
      expect(Number.isFinite(f.value), f.name).toBe(true);
      if (f.baseline) expect(Number.isFinite(f.ratio), f.name).toBe(true);
    }
    // Help was answered: the Slack figure compares a real rate with Bolt's.
    expect(report.figures.find((f) => f.name === 'Slack /pam help req/s')!.value).toBeGreaterThan(0);
    expect(Object.keys(report.writesPerTurn)).toContain('Teams help');
    expect(stdout).toContain(`wrote ${out}`);
  }, 300_000);
});
