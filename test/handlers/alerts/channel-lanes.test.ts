import { describe, expect, it } from 'vitest';
import { DEFAULT_PACING, readRetryAfterMs } from '../../../handlers/alerts/alert-pacing.ts';
import { createChannelLanes } from '../../../handlers/alerts/channel-lanes.ts';
import { RateLimitedError } from '../../../src/errors.ts';
import type { View } from '../../../src/views/view.ts';
import { captureLogs } from '../../helpers/log-capture.ts';
import { createRecordingMessenger, createVirtualClock } from './alert-harness.ts';

const view = (title: string): View => ({ title, state: 'info', summary: title });

function setUp() {
  const clock = createVirtualClock();
  const slack = createRecordingMessenger('slack', clock.now);
  const logs = captureLogs('info');
  const lanes = createChannelLanes({
    messengers: { slack },
    pacing: { ...DEFAULT_PACING, now: clock.now, sleep: clock.sleep },
    log: logs.log,
  });
  const post = (channel: string, title: string) =>
    lanes.enqueue(
      { platform: 'slack', channel },
      {
        id: `post:${title}`,
        run: async (m) => {
          await m.post(channel, view(title));
        },
      },
    );
  return { clock, slack, logs, lanes, post };
}

describe('paced channel lanes', () => {
  it('sends at most one call per second into a channel, channels independently', async () => {
    const { slack, lanes, post } = setUp();
    for (let i = 0; i < 5; i++) post('C1', `a${i}`);
    for (let i = 0; i < 3; i++) post('C2', `b${i}`);
    await lanes.idle();

    for (const channel of ['C1', 'C2']) {
      const at = slack.posts(channel).map((c) => c.at);
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(1000);
    }
    expect(slack.posts('C1').map((c) => c.view.title)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4']);
    expect(slack.posts('C2')).toHaveLength(3);
  });

  it('coalesces a job that is already waiting, and drops nothing else', async () => {
    const { slack, lanes, post } = setUp();
    expect(post('C1', 'x')).toBe(true);
    expect(post('C1', 'y')).toBe(true);
    expect(post('C1', 'y')).toBe(false);
    await lanes.idle();
    expect(slack.posts('C1').map((c) => c.view.title)).toEqual(['x', 'y']);
  });

  it("waits as long as Slack's 429 asks, then sends the same message", async () => {
    const { slack, lanes, post, logs } = setUp();
    post('C1', 'first');
    await lanes.idle();
    const limited = Object.assign(new Error('A rate-limit has been reached'), {
      code: 'slack_webapi_rate_limited_error',
      retryAfter: 30,
    });
    slack.failNext(limited);
    const before = slack.calls.length;
    post('C1', 'second');
    post('C1', 'third');
    await lanes.idle();

    const after = slack.posts('C1').slice(before);
    expect(after.map((c) => c.view.title)).toEqual(['second', 'third']);
    expect(after[0]!.at - slack.posts('C1')[0]!.at).toBeGreaterThanOrEqual(30_000);
    expect(logs.text()).toContain('alert channel rate limited; waiting');
  });

  it('gives up on a message that keeps failing after the attempts, and goes on with the next', async () => {
    const { slack, lanes, post, logs } = setUp();
    for (let i = 0; i < DEFAULT_PACING.maxAttempts; i++) slack.failNext(new Error('channel_not_found'));
    post('C1', 'doomed');
    post('C1', 'fine');
    await lanes.idle();
    expect(slack.posts('C1').map((c) => c.view.title)).toEqual(['fine']);
    expect(logs.text()).toContain('giving up on this message');
  });

  it('reads retry-after from our error, the Slack client, platform errors and HTTP 429s', () => {
    expect(readRetryAfterMs(new RateLimitedError('Slack', 'slow down', 2500))).toBe(2500);
    expect(readRetryAfterMs({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 })).toBe(7000);
    expect(readRetryAfterMs({ data: { error: 'ratelimited' } })).toBe(1000);
    expect(readRetryAfterMs({ retryAfterMs: 40 })).toBe(40);
    expect(
      readRetryAfterMs({ statusCode: 429, response: { headers: new Headers({ 'retry-after': '3' }) } }),
    ).toBe(3000);
    expect(readRetryAfterMs({ statusCode: 429, headers: { 'retry-after': '2' } })).toBe(2000);
    expect(readRetryAfterMs({ statusCode: 429 })).toBe(1000);
    expect(readRetryAfterMs({ statusCode: 500, headers: { 'retry-after': '2' } })).toBeUndefined();
    expect(readRetryAfterMs(new Error('channel_not_found'))).toBeUndefined();
  });
});
