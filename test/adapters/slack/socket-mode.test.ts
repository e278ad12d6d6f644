import { afterEach, describe, expect, it } from 'vitest';
import { type FakeSlackApi, startFakeSlackApi } from '../../fakes/slack-api-server.ts';
import {
  BOT_TOKEN,
  CHANNEL,
  postedMessage,
  type SlackHarness,
  startSlackHarness,
  USERS,
} from '../../helpers/slack-harness.ts';

const APP_TOKEN = 'xapp-1-test-app-token';

describe('Slack in Socket Mode (SLACK_APP_TOKEN set)', () => {
  let slack: FakeSlackApi;
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await slack?.close();
  });

  it('connects with the app token, acks each envelope, and runs commands and clicks like HTTP mode', async () => {
    slack = await startFakeSlackApi({
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
      users: Object.values(USERS),
    });
    h = await startSlackHarness({
      slack,
      env: { SLACK_APP_TOKEN: APP_TOKEN },
      omitEnv: ['SLACK_SIGNING_SECRET'],
    });
    const harness = h;
    const socket = slack.socket!;
    await socket.waitForConnection();
    // No HTTP endpoint in Socket Mode: nothing answers at /slack/events.
    expect(
      (await h.post('/slack/events', 'x=1', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(404);

    socket.send({
      envelope_id: 'env-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        command: '/pam',
        text: 'rport run web-01 -- uptime',
        user_id: USERS.alice.id,
        user_name: 'alice',
        channel_id: CHANNEL,
        response_url: slack.responseUrl(),
        trigger_id: 't1',
      },
    });
    await socket.waitForAck('env-1');
    await slack.waitFor('chat.postMessage');
    const message = postedMessage(slack, 0);
    const run = (
      message.blocks as Array<{
        type: string;
        elements?: Array<{ text?: { text: string }; action_id: string; value: string }>;
      }>
    )
      .find((b) => b.type === 'actions')!
      .elements!.find((e) => e.text?.text === 'Run')!;

    socket.send({
      envelope_id: 'env-2',
      type: 'interactive',
      accepts_response_payload: false,
      payload: {
        type: 'block_actions',
        user: { id: USERS.alice.id, username: 'alice', name: 'alice' },
        container: { type: 'message', message_ts: message.ts, channel_id: CHANNEL, is_ephemeral: false },
        channel: { id: CHANNEL },
        message: { ts: message.ts },
        response_url: slack.responseUrl(),
        trigger_id: 't2',
        actions: [
          { type: 'button', action_id: run.action_id, value: run.value, block_id: 'b', action_ts: '1' },
        ],
        state: { values: {} },
      },
    });
    await socket.waitForAck('env-2');
    await expect.poll(() => harness.rport.commandCalls().length, { timeout: 5000 }).toBe(1);
    expect(harness.rport.commandCalls()[0]!.body).toMatchObject({ command: 'uptime' });
  });

  it('stops start-up when Slack refuses the app token', async () => {
    slack = await startFakeSlackApi({
      botToken: BOT_TOKEN,
      appToken: 'xapp-the-right-one',
      users: Object.values(USERS),
    });
    await expect(
      startSlackHarness({ slack, env: { SLACK_APP_TOKEN: APP_TOKEN }, omitEnv: ['SLACK_SIGNING_SECRET'] }),
    ).rejects.toThrow('Slack Socket Mode could not connect with SLACK_APP_TOKEN');
  });
});
