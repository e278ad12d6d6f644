import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAuditLog } from '../../src/intents/audit-log.ts';
import { createDispatcher } from '../../src/intents/dispatcher.ts';
import type { Actor } from '../../src/intents/envelope.ts';
import { defineIntent } from '../../src/intents/intent.ts';
import { createRateLimiter } from '../../src/intents/rate-limit.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';
import type { Store } from '../../src/store/store.ts';
import { noticeView } from '../../src/views/view.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { startSlackHarness } from '../helpers/slack-harness.ts';
import { storeBackends } from '../helpers/stores.ts';

const policy = createPolicyEngine(
  parsePolicy(`
people:
  carol: { email: carol@example.com, teams: aad-carol }
everyone: [ping]
`),
);
const slackCarol: Actor = { platform: 'slack', userId: 'U0CAROL', name: 'Carol', email: 'carol@example.com' };
const teamsCarol: Actor = { platform: 'teams', userId: 'aad-carol', name: 'Carol' };
const erin: Actor = { platform: 'slack', userId: 'U0ERIN', name: 'Erin', email: 'erin@example.com' };

const stores: Store[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

describe.each(storeBackends)('30 commands a minute per person (%s)', (_name, makeStore) => {
  it('says "slow down" past 30 in a minute, counts one person across accounts, audits once', async () => {
    const store = makeStore();
    stores.push(store);
    let clock = Date.parse('2025-03-04T10:00:05Z');
    const now = () => new Date(clock);
    const { log } = captureLogs();
    const audit = createAuditLog(store, log, now);
    let handled = 0;
    const ping = defineIntent({
      name: 'ping',
      summary: 'ping',
      input: z.object({}),
      permission: 'ping',
      async handle() {
        handled += 1;
        return { visibility: 'private', view: noticeView('Pong', 'pong', 'info') };
      },
    });
    const dispatcher = createDispatcher({
      intents: [ping],
      policy,
      audit,
      log,
      messengers: {},
      configured: new Set(),
      now,
      rateLimit: createRateLimiter({ store, policy, audit, now }),
    });
    const send = (actor: Actor) =>
      dispatcher.dispatch('ping', {}, { actor, conversation: { platform: actor.platform, id: 'c' } });

    for (let i = 0; i < 20; i += 1) await send(slackCarol);
    for (let i = 0; i < 10; i += 1) await send(teamsCarol);
    expect(handled).toBe(30);
    const refused = [await send(teamsCarol), await send(slackCarol)];
    for (const r of refused)
      expect(r.view.summary).toMatch(/^Slow down: Gatehouse takes at most 30 commands/);
    expect(handled).toBe(30);
    expect((await send(erin)).view.title).toBe('Pong');
    const limited = (await audit.last(10)).filter((e) => e.result.startsWith('rate limited'));
    expect(limited).toHaveLength(1);

    clock += 60_000;
    expect((await send(teamsCarol)).view.title).toBe('Pong');
  });
});

describe('the rate limit over Slack', () => {
  it('is on in the running server', async () => {
    const h = await startSlackHarness();
    try {
      // An instant answer comes back in the ack; a slower one through response_url.
      const replies: string[] = [];
      for (let i = 1; i <= 31; i += 1) {
        const ack = await h.slash('rport clients');
        if (ack.body) replies.push(ack.body);
        else {
          await h.slack.waitForResponses(h.slack.responses.length + 1);
          replies.push(JSON.stringify(h.slack.responses.at(-1)!.body));
        }
      }
      expect(replies.at(-1)).toContain('Slow down');
      expect(replies.at(-2)).not.toContain('Slow down');
    } finally {
      await h.close();
    }
  });
});
