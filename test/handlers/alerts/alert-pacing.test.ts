import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackMessenger } from '../../../adapters/slack/slack-messenger.ts';
import { CHANNEL_LIMIT_MS, DEFAULT_PACING } from '../../../handlers/alerts/alert-pacing.ts';
import { createChannelLanes } from '../../../handlers/alerts/channel-lanes.ts';
import type { View } from '../../../src/views/view.ts';
import { type FakeSlackApi, startFakeSlackApi } from '../../fakes/slack-api-server.ts';
import { captureLogs } from '../../helpers/log-capture.ts';

const TOKEN = 'xoxb-pacing-test';
/** The platform's limit, scaled down so the test takes about a second: one call per channel per 40 ms. */
const LIMIT_MS = 40;
const view = (title: string): View => ({ title, state: 'info', summary: title });

describe('alert pacing against a strict per-channel limiter', () => {
  let slack: FakeSlackApi | undefined;
  afterEach(async () => {
    await slack?.close();
  });

  it('posts and updates 40 messages into two channels with no 429 and nothing lost', async () => {
    slack = await startFakeSlackApi({ botToken: TOKEN, strictChannelIntervalMs: LIMIT_MS });
    const client = new webApi.WebClient(TOKEN, { slackApiUrl: slack.apiUrl });
    const logs = captureLogs('info');
    const scale = LIMIT_MS / CHANNEL_LIMIT_MS;
    const lanes = createChannelLanes({
      messengers: { slack: createSlackMessenger(client, logs.log) },
      // The production margin, scaled with the limit; real time, so real HTTP latency varies call to call.
      pacing: {
        ...DEFAULT_PACING,
        intervalMs: { ...DEFAULT_PACING.intervalMs, slack: DEFAULT_PACING.intervalMs.slack * scale },
      },
      log: logs.log,
    });
    for (let i = 0; i < 15; i++) {
      for (const channel of ['C1', 'C2']) {
        lanes.enqueue(
          { platform: 'slack', channel },
          {
            id: `${channel}:${i}`,
            run: async (m) => {
              const ref = await m.post(channel, view(`alert ${i}`));
              if (i % 3 === 0) await m.update(ref, view(`alert ${i} (acknowledged)`));
            },
          },
        );
      }
    }
    await lanes.idle();

    expect(slack.rateLimited).toEqual([]);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(30);
    expect(slack.callsTo('chat.update')).toHaveLength(10);
  });

  it('the strict limiter does refuse calls that come too close (the check above can fail)', async () => {
    slack = await startFakeSlackApi({ botToken: TOKEN, strictChannelIntervalMs: LIMIT_MS });
    const client = new webApi.WebClient(TOKEN, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true });
    const results = await Promise.allSettled(
      Array.from({ length: 3 }, (_, i) => client.chat.postMessage({ channel: 'C1', text: `burst ${i}` })),
    );
    expect(results.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
    expect(slack.rateLimited.length).toBeGreaterThan(0);
  });
});
