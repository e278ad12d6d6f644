import { afterEach, describe, expect, it } from 'vitest';
import { hashEntry } from '../../src/audit/chain-hash.ts';
import { createCheckpointSigner } from '../../src/audit/checkpoint.ts';
import { signHead } from '../../src/audit/sign-head.ts';
import type { AuditEntry } from '../../src/intents/audit-log.ts';
import type { Store } from '../../src/store/store.ts';
import { auditLogOn, type Backend, backends, KEY, recordMany } from './audit-fixtures.ts';
import type { RawStore } from './raw-store.ts';

/** Parse the stored JSON of an entry, change it with `fn`, and write it back as the backend wraps it. */
async function rewrite(raw: RawStore, suffix: string, fn: (value: AuditEntry) => AuditEntry) {
  const text = await raw.read(suffix);
  if (!text) throw new Error(`nothing stored at ${suffix}`);
  // Redis holds keyv's wrapper ({value, expires}); the SQLite store holds the entry's JSON itself.
  const parsed = JSON.parse(text) as AuditEntry | { value: AuditEntry };
  const next = 'value' in parsed ? { ...parsed, value: fn(parsed.value) } : fn(parsed);
  await raw.write(suffix, JSON.stringify(next));
}

describe.each(backends)('tampering with the audit chain in %s', (_name, make) => {
  let backend: Backend;
  let raw: RawStore | undefined;
  const stores: Store[] = [];
  afterEach(async () => {
    await raw?.close();
    raw = undefined;
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  async function chainOf(n: number, options?: Parameters<typeof auditLogOn>[1]) {
    backend = make();
    stores.push(backend.store);
    const audit = auditLogOn(backend.store, options);
    await recordMany(audit, n);
    raw = await backend.raw();
    return audit;
  }

  it('verifies an untouched chain, with its signed checkpoints', async () => {
    const audit = await chainOf(12, {
      secretKey: Buffer.alloc(32, 7),
      checkpointEvery: 5,
      checkpointSeconds: 3600,
    });
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, checked: 12, first: 1, last: 12, checkpointsVerified: 3 });
  });

  it('names an entry whose row was changed', async () => {
    const audit = await chainOf(8);
    await rewrite(raw!, 'audit:5', (e) => ({ ...e, result: 'failed' }));
    const report = await audit.verify();
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ seq: 5, kind: 'changed' });
    expect(report.checked).toBe(4);
  });

  it('names an entry that was changed and re-hashed, from the link its successor recorded', async () => {
    const audit = await chainOf(8);
    await rewrite(raw!, 'audit:3', (e) => {
      const changed = { ...e, actor: { ...e.actor, name: 'Mallory' } };
      return { ...changed, hash: hashEntry(changed) };
    });
    expect((await audit.verify()).problem).toMatchObject({ seq: 3, kind: 'changed' });
  });

  it('names a removed entry', async () => {
    const audit = await chainOf(8);
    await raw!.remove('audit:6');
    expect((await audit.verify()).problem).toMatchObject({ seq: 6, kind: 'removed' });
  });

  it('names removed newest entries from the head', async () => {
    const audit = await chainOf(8);
    await raw!.remove('audit:8');
    await raw!.remove('audit:7');
    expect((await audit.verify()).problem).toMatchObject({ seq: 7, kind: 'removed' });
  });

  it('names reordered entries', async () => {
    const audit = await chainOf(8);
    const four = await raw!.read('audit:4');
    const five = await raw!.read('audit:5');
    await raw!.write('audit:4', five!);
    await raw!.write('audit:5', four!);
    expect((await audit.verify()).problem).toMatchObject({ seq: 4, kind: 'reordered' });
  });

  it('catches a chain rewritten and re-hashed from an entry on, through the signed checkpoint', async () => {
    const audit = await chainOf(10, {
      secretKey: Buffer.alloc(32, 7),
      checkpointEvery: 4,
      checkpointSeconds: 3600,
    });
    // Rewrite #6 and re-link everything after it: every hash and link is consistent again.
    const stored = JSON.parse((await raw!.read('audit:5'))!) as AuditEntry | { value: AuditEntry };
    let prev = ('value' in stored ? stored.value : stored).hash as string;
    for (let seq = 6; seq <= 10; seq++) {
      await rewrite(raw!, `audit:${seq}`, (e) => {
        const changed = { ...e, prev, ...(seq === 6 ? { detail: 'nothing to see' } : {}) };
        const hashed = { ...changed, hash: hashEntry(changed) };
        prev = hashed.hash;
        return hashed;
      });
    }
    // The attacker moves the head too, but cannot sign it.
    await rewrite(raw!, 'audit:head', (h) => {
      const head = h as unknown as { seq: number; hash: string; entry: AuditEntry };
      return { ...head, hash: prev } as unknown as AuditEntry;
    });
    const report = await audit.verify();
    // Checkpoints sign #1, #5 and #9: #9 no longer matches, #5 still does.
    expect(report.problem).toMatchObject({ seq: 9, kind: 'checkpoint' });
    expect(report.problem?.message).toContain('after #5');
  });

  it('refuses a forged checkpoint signature', async () => {
    const audit = await chainOf(6, {
      secretKey: Buffer.alloc(32, 7),
      checkpointEvery: 3,
      checkpointSeconds: 3600,
    });
    const forger = createCheckpointSigner(Buffer.alloc(32, 9));
    // Checkpoints sign #1 and #4; the newest is also kept in the head.
    await rewrite(raw!, 'audit:head', (h) => {
      const head = h as unknown as { checkpoint: { at: string; kid: string } };
      const forged = forger.sign({ seq: 4, hash: 'f'.repeat(64), at: head.checkpoint.at, prev: 1 });
      return { ...head, checkpoint: { ...forged, kid: head.checkpoint.kid } } as unknown as AuditEntry;
    });
    expect((await audit.verify()).problem).toMatchObject({ seq: 4, kind: 'checkpoint' });
  });

  it('verifies from the oldest retained entry and says so', async () => {
    const audit = await chainOf(6, { secretKey: KEY, checkpointEvery: 2, checkpointSeconds: 3600 });
    // Expiry takes the oldest entries and their checkpoints (signed at #1, #3, #5) together.
    for (const key of ['audit:1', 'audit:2', 'audit:checkpoint:1']) await raw!.remove(key);
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, first: 3, checked: 4, checkpointsVerified: 2 });
    expect(report.notes.join(' ')).toContain('Entries before #3');
  });

  it('tells removed oldest entries from expired ones by the checkpoint still kept', async () => {
    const audit = await chainOf(6, { secretKey: KEY, checkpointEvery: 2, checkpointSeconds: 3600 });
    for (const key of ['audit:1', 'audit:2']) await raw!.remove(key);
    expect((await audit.verify()).problem).toMatchObject({ seq: 1, kind: 'removed' });
  });

  it('signs a quiet head, so the newest entry cannot be re-hashed unnoticed', async () => {
    const audit = await chainOf(3, { secretKey: KEY, checkpointEvery: 100, checkpointSeconds: 3600 });
    const signer = createCheckpointSigner(KEY);
    expect(await signHead(backend.store, signer, 86_400_000, () => new Date())).toBe(true);
    expect(await signHead(backend.store, signer, 86_400_000, () => new Date())).toBe(false);
    expect(await audit.verify()).toMatchObject({ ok: true, checkpointsVerified: 2 });
    let hash = '';
    await rewrite(raw!, 'audit:3', (e) => {
      const changed = { ...e, result: 'failed' };
      hash = hashEntry(changed);
      return { ...changed, hash };
    });
    await rewrite(raw!, 'audit:head', (h) => ({ ...h, hash }) as AuditEntry);
    expect((await audit.verify()).problem).toMatchObject({ seq: 3, kind: 'checkpoint' });
  });

  it('says checkpoints are unsigned without a key', async () => {
    const audit = await chainOf(3, {});
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, signed: false, checkpointsVerified: 0 });
    expect(report.notes.join(' ')).toContain('GATEHOUSE_SECRET_KEY is not set');
  });
});
