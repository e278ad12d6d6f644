/**
 * Store writes per turn (issue 13, item 2): Gatehouse in this process over real HTTP (the test harnesses),
 * its store wrapped to count every write by key family, for turns that only read. The second turn of each
 * kind is the one counted: the first may fill caches (users.info, Teams member lookups) that later turns
 * reuse.
 */

import { createStore } from '../src/store/create-store.ts';
import type { Store } from '../src/store/store.ts';
import { startTeamsHarness } from '../test/adapters/teams/teams-harness.ts';
import { startSlackHarness } from '../test/helpers/slack-harness.ts';

const WRITES = ['set', 'delete', 'claim', 'releaseClaim', 'lease', 'releaseLease', 'update'] as const;

/** The store, counting writes by key family (`audit:12` → `audit`). increment(…, 0) is a read. */
function countingStore(inner: Store) {
  const counts = new Map<string, number>();
  const family = (key: string) => key.replace(/[:/][^:/]*$/, '').replace(/:[0-9a-f-]{6,}.*$/i, '');
  const count = (key: string) => counts.set(family(key), (counts.get(family(key)) ?? 0) + 1);
  const store = Object.create(inner) as Store;
  for (const name of WRITES) {
    const original = inner[name].bind(inner) as (key: string, ...rest: unknown[]) => unknown;
    (store as unknown as Record<string, unknown>)[name] = (key: string, ...rest: unknown[]) => {
      count(key);
      return original(key, ...rest);
    };
  }
  store.increment = (key, by = 1) => {
    if (by !== 0) count(key);
    return inner.increment(key, by);
  };
  return {
    store,
    take() {
      const out = Object.fromEntries(counts);
      counts.clear();
      return out;
    },
  };
}

export type WritesPerTurn = Record<string, Record<string, number>>;

export async function measureWritesPerTurn(): Promise<WritesPerTurn> {
  const out: WritesPerTurn = {};
  const slackStore = countingStore(createStore('sqlite://:memory:'));
  const slack = await startSlackHarness({ store: slackStore.store });
  for (const text of ['help', 'rport clients', 'access approve 1']) {
    await slack.slash(text);
    await slack.slash(text);
    await new Promise((r) => setTimeout(r, 300));
    slackStore.take();
    await slack.slash(text);
    await new Promise((r) => setTimeout(r, 300));
    out[`Slack /pam ${text}`] = slackStore.take();
  }
  await slack.close();
  await slackStore.store.close();

  const teamsStore = countingStore(createStore('sqlite://:memory:'));
  const teams = await startTeamsHarness({ store: teamsStore.store });
  for (const text of ['help', 'rport clients']) {
    await teams.message(text);
    await teams.idle();
    teamsStore.take();
    await teams.message(text);
    await teams.idle();
    out[`Teams ${text}`] = teamsStore.take();
  }
  await teams.close();
  await teamsStore.store.close();
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureWritesPerTurn();
  for (const [turn, writes] of Object.entries(result)) console.log(turn.padEnd(30), JSON.stringify(writes));
  process.exit(0);
}
