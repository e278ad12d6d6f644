/** Baseline: bare Bolt 5 on its own HTTPReceiver; a signed slash command that only acks. */
import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN ?? 'xoxb-bench',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  tokenVerificationEnabled: false,
  // Known ids: Bolt would otherwise call auth.test (on the real Slack) before the first event.
  botId: 'BBENCH',
  botUserId: 'UBENCH',
  logLevel: LogLevel.ERROR,
});
app.command('/pam', async ({ ack }) => {
  await ack();
});
const server = (await app.start(0)) as Server;
const { port } = server.address() as { port: number };
process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
