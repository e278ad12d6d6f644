import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySlackSignature } from '../../../adapters/slack/verify-slack-request.ts';
import { VerificationError } from '../../../src/errors.ts';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack-harness.ts';
import { SIGNING_SECRET, slackHeaders, slashCommandBody } from '../../helpers/slack-signing.ts';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('verifySlackSignature', () => {
  const body = 'a=1';
  const now = 1_700_000_000;
  const headers = slackHeaders(body, { timestamp: now });

  it('accepts a valid signature within the window', () => {
    expect(() =>
      verifySlackSignature({
        signingSecret: SIGNING_SECRET,
        rawBody: body,
        signature: headers['x-slack-signature'],
        timestamp: headers['x-slack-request-timestamp'],
        nowMs: (now + 60) * 1000,
      }),
    ).not.toThrow();
  });

  it('refuses a stale timestamp, a wrong digest and missing headers', () => {
    const check = (over: Partial<Parameters<typeof verifySlackSignature>[0]>) => () =>
      verifySlackSignature({
        signingSecret: SIGNING_SECRET,
        rawBody: body,
        signature: headers['x-slack-signature'],
        timestamp: headers['x-slack-request-timestamp'],
        nowMs: now * 1000,
        ...over,
      });
    expect(check({ nowMs: (now + 6 * 60) * 1000 })).toThrow(VerificationError);
    expect(check({ rawBody: 'a=2' })).toThrow(VerificationError);
    expect(check({ signingSecret: 'another-secret' })).toThrow(VerificationError);
    expect(check({ signature: undefined })).toThrow('Missing Slack signature headers.');
    expect(check({ timestamp: undefined })).toThrow(VerificationError);
    expect(check({ timestamp: 'yesterday' })).toThrow(VerificationError);
  });
});

describe('POST /slack/events', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const body = slashCommandBody({
    text: 'help',
    user_id: 'U0ALICE',
    user_name: 'alice',
    channel_id: 'C0OPS',
  });

  it('acks a valid signed request', async () => {
    const ack = await h.post('/slack/events', body, { ...form, ...slackHeaders(body) });
    expect(ack.status).toBe(200);
    // Help is known at once: it is the ack's body, private, with no second request to Slack.
    expect(JSON.parse(ack.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(ack.body).toContain('Gatehouse commands');
    expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(0);
  });

  it('answers 401 to a stale timestamp, a wrong digest or missing headers, and does nothing', async () => {
    const before = h.slack.calls.length;
    const stale = slackHeaders(body, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect((await h.post('/slack/events', body, { ...form, ...stale })).status).toBe(401);
    const wrong = slackHeaders(body, { secret: 'not-the-secret' });
    expect((await h.post('/slack/events', body, { ...form, ...wrong })).status).toBe(401);
    expect((await h.post('/slack/events', body, form)).status).toBe(401);
    const tampered = slackHeaders(body);
    expect((await h.post('/slack/events', `${body}&x=1`, { ...form, ...tampered })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.slack.calls.length).toBe(before);
  });

  it('answers 400 to a malformed body even when it is signed', async () => {
    for (const [raw, type] of [
      ['payload=%7Bnot-json', 'application/x-www-form-urlencoded'],
      ['just=fields', 'application/x-www-form-urlencoded'],
      ['{"broken":', 'application/json'],
      ['[1,2]', 'application/json'],
      ['hello', 'text/plain'],
    ] as const) {
      const res = await h.post('/slack/events', raw, { 'content-type': type, ...slackHeaders(raw) });
      expect(res.status, raw).toBe(400);
    }
  });

  it('answers the url_verification challenge', async () => {
    const raw = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' });
    const res = await h.post('/slack/events', raw, {
      'content-type': 'application/json',
      ...slackHeaders(raw),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c-123' });
  });

  it('leaves a slash command that is not its own to Bolt: acked empty, nothing run', async () => {
    const other = slashCommandBody({
      command: '/deploy',
      text: 'help',
      user_id: 'U0ALICE',
      user_name: 'alice',
      channel_id: 'C0OPS',
    });
    const before = h.slack.calls.length;
    const ack = await h.post('/slack/events', other, { ...form, ...slackHeaders(other) });
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(h.slack.calls.length).toBe(before);
  });
});
