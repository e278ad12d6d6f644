import { afterEach, describe, expect, it } from 'vitest';
import { GENESIS, hashEntry } from '../../src/audit/chain-hash.ts';
import type { Store } from '../../src/store/store.ts';
import { actor, auditLogOn, type Backend, backends, recordMany } from '../audit/audit-fixtures.ts';

describe.each(backends)('the audit log on %s', (_name, make) => {
  let backend: Backend;
  const stores: Store[] = [];
  const open = () => {
    backend = make();
    stores.push(backend.store);
    return backend;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });

  it('links each entry to the hash of the one before and keeps `audit [n]` newest first', async () => {
    const { store } = open();
    const audit = auditLogOn(store);
    const first = await audit.record({
      actor,
      action: 'access.approve',
      targets: ['42'],
      decision: 'approved',
      result: 'ok',
    });
    const second = await audit.record({
      actor,
      action: 'rport.run',
      targets: ['web1'],
      decision: 'allowed',
      result: 'ok',
      detail: 'uptime',
    });
    expect(first).toMatchObject({ seq: 1, prev: GENESIS, hash: hashEntry(first) });
    expect(second).toMatchObject({ seq: 2, prev: first.hash, hash: hashEntry(second) });
    expect((await audit.last(5)).map((e) => e.seq)).toEqual([2, 1]);
    expect((await audit.last(1))[0]).toEqual(second);
  });

  it('makes one valid chain from two replicas appending at once', async () => {
    const { store, another } = open();
    const other = another();
    if (other !== store) stores.push(other);
    const a = auditLogOn(store);
    const b = auditLogOn(other);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).record({
          actor,
          action: 'alerts.ack',
          targets: [`a${i}`],
          decision: 'confirmed',
          result: 'ok',
        }),
      ),
    );
    expect(results.map((e) => e.seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const report = await a.verify();
    expect(report).toMatchObject({ ok: true, checked: 40, first: 1, last: 40 });
  });

  it('continues the numbering of entries written before the chain', async () => {
    const { store } = open();
    await store.increment('audit:seq', 3);
    for (const seq of [1, 2, 3])
      await store.set(`audit:${seq}`, {
        seq,
        at: new Date().toISOString(),
        actor,
        action: 'old',
        targets: [],
        decision: 'd',
        result: 'ok',
      });
    const audit = auditLogOn(store);
    const entry = await audit.record({ actor, action: 'new', targets: [], decision: 'd', result: 'ok' });
    expect(entry).toMatchObject({ seq: 4, prev: GENESIS });
    const report = await audit.verify();
    expect(report).toMatchObject({ ok: true, unchained: 3, checked: 1 });
  });

  it('writes an entry whose appender died after moving the head, at the next append', async () => {
    const { store } = open();
    const audit = auditLogOn(store);
    await recordMany(audit, 3);
    await store.delete('audit:3'); // the head names #3, its entry never reached the store
    await recordMany(audit, 1, 4);
    expect((await store.get<{ detail: string }>('audit:3'))?.detail).toBe('step 3');
    expect((await audit.verify()).ok).toBe(true);
  });

  it('records text with lone surrogates instead of failing', async () => {
    const { store } = open();
    const audit = auditLogOn(store);
    const entry = await audit.record({
      actor: { ...actor, name: 'Bad \uD800 name' },
      action: 'x',
      targets: [],
      decision: 'd',
      result: 'ok',
    });
    expect(entry.actor.name).toBe('Bad \uFFFD name');
    expect((await audit.verify()).ok).toBe(true);
  });
});
