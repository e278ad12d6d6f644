import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.ts';
import type { Store } from '../../../src/store/store.ts';
import { personalChatId } from '../../fixtures/teams/activities.ts';
import { cardOf, startTeamsHarness, TEAMS_USERS, type TeamsHarness } from './teams-harness.ts';

const { alice, eve } = TEAMS_USERS;

function auditActors(h: TeamsHarness) {
  return h.logs.lines
    .filter((l) => l.includes('"audit"'))
    .map((l) => (JSON.parse(l) as { audit: { actor: Record<string, string> } }).audit.actor);
}

describe('who a Teams person is', () => {
  let h: TeamsHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('is the verified userPrincipalName, never the mail field: a victim address in `mail` gets nothing', async () => {
    h = await startTeamsHarness();
    // Eve's tenant admin set her mail to Alice's address; her sign-in name stays her own.
    h.connector.members.set(eve.id, { ...eve, email: alice.email, userPrincipalName: 'Eve@Example.com' });
    expect((await h.message('rport clients', 'eve')).status).toBe(200);
    await h.idle();
    const [reply] = h.connector.posts(personalChatId(eve));
    expect(JSON.stringify(cardOf(reply!))).not.toContain('fra-web-01');
    expect(h.rport.calls.filter((r) => r.path.includes('/clients'))).toHaveLength(0);
    expect(auditActors(h).at(-1)).toMatchObject({ userId: eve.aadObjectId, email: 'eve@example.com' });
    // Nor does Eve become where Alice's direct messages go.
    const messenger = h.gatehouse.messengers.teams!;
    expect(await messenger.lookupUserByEmail!(alice.email)).toBeUndefined();
    expect(await messenger.lookupUserByEmail!('eve@example.com')).toBe(eve.id);
  });

  it('takes no address from a member lookup about another AAD user', async () => {
    h = await startTeamsHarness();
    h.connector.members.set(eve.id, { ...alice, id: eve.id, name: 'Eve Outsider' });
    await h.message('rport clients', 'eve');
    await h.idle();
    expect(JSON.stringify(cardOf(h.connector.posts(personalChatId(eve))[0]!))).not.toContain('fra-web-01');
    expect(auditActors(h).at(-1)).not.toHaveProperty('email');
  });

  it('the real Alice, by UPN and AAD object id, is served', async () => {
    h = await startTeamsHarness();
    await h.message('rport clients', 'alice');
    await h.idle();
    expect(JSON.stringify(cardOf(h.connector.posts(personalChatId(alice))[0]!))).toContain('fra-web-01');
  });
});

/** A store that counts the writes under each key. */
function countingStore(inner: Store): { store: Store; writes: Map<string, number> } {
  const writes = new Map<string, number>();
  const count = (key: string) => {
    writes.set(key, (writes.get(key) ?? 0) + 1);
  };
  const store: Store = {
    ...inner,
    backend: inner.backend,
    get: (k) => inner.get(k),
    delete: (k) => inner.delete(k),
    set(k, v, ttl) {
      count(k);
      return inner.set(k, v, ttl);
    },
    update(k, fn, ttl) {
      count(k);
      return inner.update(k, fn, ttl);
    },
    claim(k, o, ttl) {
      count(k);
      return inner.claim(k, o, ttl);
    },
    lease(k, o, ttl) {
      count(k);
      return inner.lease(k, o, ttl);
    },
    increment(k, by) {
      count(k);
      return inner.increment(k, by);
    },
  };
  return { store, writes };
}

describe('Teams directory writes (issue 13)', () => {
  let h: TeamsHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('writes conversation references and people when they change, not on every turn', async () => {
    const { store, writes } = countingStore(createStore('sqlite://:memory:'));
    h = await startTeamsHarness({ store });
    const directoryWrites = () =>
      [...writes]
        .filter(([k]) => /^teams:(ref|service|teams|dm|person|upn)/.test(k))
        .reduce((n, [, c]) => n + c, 0);
    await h.message('help', 'alice');
    await h.message('help', 'alice', 'channel');
    await h.idle();
    const afterFirst = directoryWrites();
    const snapshot = new Map(writes);
    expect(afterFirst).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) {
      await h.message('help', 'alice');
      await h.message('help', 'alice', 'channel');
    }
    await h.idle();
    const grew = [...writes].filter(([k, n]) => n !== snapshot.get(k)).map(([k]) => k);
    expect(grew.filter((k) => /^teams:(ref|service|teams|dm|person|upn)/.test(k))).toEqual([]);
    expect(directoryWrites()).toBe(afterFirst);
    // A new conversation is still learnt.
    await h.message('help', 'bob');
    await h.idle();
    expect(await store.get(`teams:ref:${personalChatId(TEAMS_USERS.bob)}`)).toBeDefined();
    await store.close();
  });
});
