import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toActionEnvelope, toModalEnvelope } from '../../../adapters/slack/slack-click-envelope.ts';
import { toCommandEnvelope, toMessageEnvelope } from '../../../adapters/slack/slack-envelope.ts';

/** A payload recorded from Slack (test/fixtures/slack). */
const fixture = (name: string) =>
  JSON.parse(readFileSync(`test/fixtures/slack/${name}.json`, 'utf8')) as Record<string, unknown>;

describe('Slack payloads → envelopes', () => {
  it('a slash command: its text unescaped, its trigger id as the event id, its response_url as the reply handle', () => {
    const { envelope, replyTo } = toCommandEnvelope(fixture('slash-command'), '/pam ');
    expect(envelope).toEqual({
      platform: 'slack',
      eventId: '13345224609.738474920.8088930838d88f008e0',
      user: { id: 'U2147483697', name: 'alice' },
      conversation: {
        platform: 'slack',
        id: 'C2147483705',
        replyHandle: 'https://hooks.slack.com/commands/1234/5678',
        direct: false,
      },
      input: { kind: 'text', text: 'rport run <web-01> -- echo a && b' },
      prefix: '/pam ',
    });
    expect(replyTo).toEqual({
      channelId: 'C2147483705',
      userId: 'U2147483697',
      responseUrl: 'https://hooks.slack.com/commands/1234/5678',
    });
  });

  it('a button click: verb, the pending action ref, the message select values, the card it was on', () => {
    const click = toActionEnvelope(fixture('block-actions'), '/pam ');
    expect(click?.modal).toBeUndefined();
    expect(click?.envelope).toMatchObject({
      eventId: '12466734323.1395872398.1f8a7b0e7e9d2b0e7f3c',
      user: { id: 'U2147483697', name: 'alice' },
      input: { kind: 'action', verb: 'access.approve', ref: 'pa_5f1c2b7e9a', values: { duration: '14400' } },
      source: { platform: 'slack', channel: 'C2147483705', id: '1700000000.000100' },
    });
    expect(click?.click).toEqual({
      channelId: 'C2147483705',
      messageTs: '1700000000.000100',
      isEphemeral: false,
      responseUrl: 'https://hooks.slack.com/actions/T0001/1234/abcd',
      userId: 'U2147483697',
    });
  });

  it('a button that needs text asks for the modal the card defined, with the ref kept whole', () => {
    const click = toActionEnvelope(fixture('block-actions-modal'), '/pam ');
    expect(click?.modal?.triggerId).toBe('12466734323.1395872398.9e2f0c1d');
    expect(click?.modal?.form).toEqual({
      title: 'Deny',
      inputs: [{ type: 'text', id: 'reason', label: 'Reason for denying', required: true, multiline: true }],
    });
    expect(click?.modal?.metadata).toMatchObject({ verb: 'access.deny', ref: 'pa_5f1c2b7e9a' });
  });

  it('a modal submission completes the click with the typed text', () => {
    const submission = toModalEnvelope(fixture('view-submission'), '/pam ');
    expect(submission?.envelope).toMatchObject({
      eventId: '12466734323.1395872398.77aa',
      user: { id: 'U2147483697', name: 'carol' },
      input: {
        kind: 'action',
        verb: 'access.deny',
        ref: 'pa_5f1c2b7e9a',
        values: { reason: 'not during the freeze' },
      },
      source: { platform: 'slack', channel: 'C2147483705', id: '1700000000.000100' },
    });
    expect(
      toModalEnvelope({ ...fixture('view-submission'), view: { callback_id: 'other' } }, ''),
    ).toBeUndefined();
  });

  it('a mention drops the bot mention; a DM is direct; the bot’s own messages are nobody’s command', () => {
    const mention = toMessageEnvelope(fixture('app-mention'));
    expect(mention?.envelope).toMatchObject({
      eventId: 'Ev0LAN670R',
      input: { kind: 'text', text: 'rport clients <web>' },
      prefix: '@Gatehouse ',
      conversation: { id: 'C2147483705', direct: false },
    });
    const dm = toMessageEnvelope(fixture('message-im'));
    expect(dm?.envelope).toMatchObject({
      eventId: 'Ev0MSG1M',
      input: { kind: 'text', text: 'sessionkey --team Helpdesk' },
      prefix: '',
      conversation: { id: 'D024BE91L', direct: true },
    });
    expect(dm?.replyTo).toEqual({ channelId: 'D024BE91L', userId: 'U2147483697' });
    expect(toMessageEnvelope(fixture('message-im-bot'))).toBeUndefined();
  });
});
