import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/create-store.ts';
import { startFakeRport } from '../fakes/rport-server.ts';
import { startFakeSlackApi } from '../fakes/slack-api-server.ts';
import {
  BOT_TOKEN,
  postedMessage,
  RPORT_TOKEN,
  RPORT_USER,
  type SlackHarness,
  startSlackHarness,
  USERS,
} from '../helpers/slack-harness.ts';
import { REDIS_URL } from '../helpers/stores.ts';

describe('20 concurrent confirmations of one pending action', () => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  it('on SQLite (one process): exactly one rport call', async () => {
    const h = await startSlackHarness();
    open.push(h);
    await h.slash('rport run web-01 -- uptime');
    await h.slack.waitFor('chat.postMessage');
    const message = postedMessage(h.slack, 0);
    const statuses = await Promise.all(Array.from({ length: 20 }, () => h.click(message, 'Run')));
    expect(statuses.every((s) => s.status === 200)).toBe(true);
    await h.slack.waitForResponses(19);
    expect(h.rport.commandCalls()).toHaveLength(1);
    expect(
      h.slack.responses.filter((r) => JSON.stringify(r.body).includes('Already handled by Alice Admin')),
    ).toHaveLength(19);
  });

  it('on Redis (two replicas sharing it): exactly one rport call', async () => {
    const slack = await startFakeSlackApi({ botToken: BOT_TOKEN, users: Object.values(USERS) });
    const rport = await startFakeRport({ user: RPORT_USER, token: RPORT_TOKEN, jobDurationMs: 100 });
    const namespace = `gh-e2e-${randomUUID()}`;
    const storeA = createStore(REDIS_URL, { namespace });
    const storeB = createStore(REDIS_URL, { namespace });
    const a: SlackHarness = await startSlackHarness({ slack, rport, store: storeA });
    const b: SlackHarness = await startSlackHarness({ slack, rport, store: storeB });
    open.push(slack, rport, storeA, storeB, a, b);

    await a.slash('rport run web-01 -- uptime');
    await slack.waitFor('chat.postMessage');
    const message = postedMessage(slack, 0);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).click(message, 'Run')));
    await slack.waitForResponses(19);
    expect(rport.commandCalls()).toHaveLength(1);
  });
});
