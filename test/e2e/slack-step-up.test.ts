import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MODAL_CALLBACK_ID, MODAL_INPUT_PREFIX } from '../../adapters/slack/slack-click-envelope.ts';
import { decodeActionId } from '../../cards/block-kit.ts';
import { totpCode } from '../../src/step-up/totp.ts';
import { postedMessage, type SlackHarness, startSlackHarness, USERS } from '../helpers/slack-harness.ts';
import {
  blockActionsPayload,
  interactionBody,
  slackHeaders,
  viewSubmissionPayload,
} from '../helpers/slack-signing.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };
type Element = { type: string; text?: { text: string }; action_id: string; value?: string };
const buttons = (blocks: unknown[]) =>
  (blocks as Array<{ type: string; elements?: Element[] }>)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? [])
    .filter((e) => e.type === 'button');

/** The example policy, with confirming an rport command behind step-up. */
const policyText = `${readFileSync('policy.example.yaml', 'utf8')}
step_up:
  for: [rport.confirm]
  within: 5m
`;

describe('step-up on Slack, over the real endpoints', () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h?.close();
  });

  /** A signed block_actions click on a message's button; returns the response_url posts it caused. */
  async function press(
    message: { channel: string; ts: string; blocks: unknown[] },
    label: string,
    ephemeral = false,
  ) {
    const button = buttons(message.blocks).find((b) => b.text?.text === label);
    if (!button) throw new Error(`no "${label}" button`);
    const payload = blockActionsPayload({
      user: { id: USERS.alice.id, name: USERS.alice.name },
      message,
      button,
      responseUrl: h.slack.responseUrl(),
    });
    // A private answer is an ephemeral message: Slack says so in the click's container.
    if (ephemeral) (payload.container as { is_ephemeral: boolean }).is_ephemeral = true;
    const body = interactionBody(payload);
    await h.post('/slack/events', body, { ...form, ...slackHeaders(body) });
    return button;
  }

  /** The next reply to a slash command: the ack body when instant, else the response_url post. */
  async function reply(text: string): Promise<Record<string, unknown>> {
    const seen = h.slack.responses.length;
    const ack = await h.slash(text);
    if (ack.body) return JSON.parse(ack.body) as Record<string, unknown>;
    await h.slack.waitForResponses(seen + 1);
    return h.slack.responses.at(-1)!.body as Record<string, unknown>;
  }

  it('enrols, asks for a code in a modal before Run, refuses a wrong one, runs once on the right one', async () => {
    h = await startSlackHarness({
      policyText,
      env: { GATEHOUSE_SECRET_KEY: randomBytes(32).toString('base64') },
    });
    // Enrolment: the otpauth link privately, the QR image as a file in Alice's own DM with the bot.
    const enrolled = JSON.stringify(await reply('mfa enroll'));
    const secret = /secret=([A-Z2-7]+)/.exec(enrolled)?.[1];
    expect(secret).toBeDefined();
    await h.slack.waitFor('files.completeUploadExternal');
    expect(h.slack.callsTo('conversations.open').at(-1)?.args).toMatchObject({ users: USERS.alice.id });
    const confirmed = JSON.stringify(
      await reply(`mfa confirm ${totpCode(secret!, new Date(Date.now() - 30_000))}`),
    );
    expect(confirmed).toContain('Authenticator enrolled');

    await h.slash('rport run web-01 -- uptime');
    await h.slack.waitFor('chat.postMessage');
    const card = postedMessage(h.slack, 0);
    const seen = h.slack.responses.length;
    await press(card, 'Run');
    // Nothing ran: the press answered privately with the code prompt.
    await h.slack.waitForResponses(seen + 1);
    expect(h.rport.commandCalls()).toHaveLength(0);
    const prompt = h.slack.responses.at(-1)!.body as { blocks: unknown[]; response_type?: string };
    expect(JSON.stringify(prompt)).toContain('Verification needed');

    async function submitCode(code: string) {
      const opened = h.slack.callsTo('views.open').length;
      const button = await press(
        { channel: card.channel, ts: '1700000000.999999', blocks: prompt.blocks },
        'Verify and continue',
        true,
      );
      expect(decodeActionId(button.action_id)?.textInputs).toEqual(['code']);
      const [modal] = (await h.slack.waitFor('views.open', opened + 1)).slice(opened);
      const view = modal!.args.view as { private_metadata: string; blocks: unknown[] };
      expect(JSON.stringify(view.blocks)).toContain('Code from your authenticator app');
      const submission = interactionBody(
        viewSubmissionPayload({
          user: { id: USERS.alice.id, name: USERS.alice.name },
          callbackId: MODAL_CALLBACK_ID,
          privateMetadata: view.private_metadata,
          inputPrefix: MODAL_INPUT_PREFIX,
          texts: { code },
        }),
      );
      const before = h.slack.responses.length;
      await h.post('/slack/events', submission, { ...form, ...slackHeaders(submission) });
      return before;
    }

    const beforeWrong = await submitCode('000000');
    await h.slack.waitForResponses(beforeWrong + 1);
    expect(JSON.stringify(h.slack.responses.at(-1)!.body)).toMatch(/not right; 4 tries left/);
    expect(h.rport.commandCalls()).toHaveLength(0);

    await submitCode(totpCode(secret!, new Date()));
    await expect.poll(() => h.rport.commandCalls().length, { timeout: 5000 }).toBe(1);
    // The outcome shows on the channel card the prompt was for; the prompt itself says so.
    const onCard = () => h.slack.callsTo('chat.update').filter((c) => c.args.ts === card.ts);
    await expect
      .poll(() => JSON.stringify(onCard().at(-1)?.args.blocks ?? ''), { timeout: 5000 })
      .toContain('Finished');
    await expect
      .poll(() => JSON.stringify(h.slack.responses.map((r) => r.body)), { timeout: 5000 })
      .toContain('Done: the card where you first pressed the button shows the outcome.');
    const entries = h.logs.lines.filter((l) => l.includes('"action":"step_up"'));
    expect(entries.some((l) => l.includes('"decision":"verified"'))).toBe(true);
    expect(h.logs.text()).not.toContain(secret!);
  });
});
