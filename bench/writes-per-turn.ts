/**
 * Store writes per turn (issue 13, item 2): Gatehouse in this process over real HTTP (the test harnesses),
 * its store wrapped to count every write by key family, for turns that only read. The second turn of each
 * kind is the one counted: the first may fill caches (users.info, Teams member lookups) that later turns
 * reuse.
 */

import { createStore } from '../src/store/create-store.ts';
import { startTeamsHarness } from '../test/adapters/teams/teams-harness.ts';
import { countingStore } from '../test/helpers/counting-store.ts';
import { startSlackHarness } from '../test/helpers/slack-harness.ts';

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
