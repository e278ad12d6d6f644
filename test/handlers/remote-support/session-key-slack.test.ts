import { afterEach, describe, expect, it } from 'vitest';
import { formatTime } from '../../../src/intents/duration.ts';
import { type FakeRemoteSupport, startFakeRemoteSupport } from '../../fakes/remote-support-server.ts';
import { CHANNEL, type SlackHarness, startSlackHarness } from '../../helpers/slack-harness.ts';
import { examplePolicy, RS_CLIENT_ID, RS_CLIENT_SECRET } from './rs-dispatch.ts';

/** The seven digits as a whole number, so a timestamp that happens to contain them does not count. */
const keyPattern = (key: string) => new RegExp(`(?<!\\d)${key}(?!\\d)`);

describe('sessionkey end to end over Slack', () => {
  let h: SlackHarness | undefined;
  let rs: FakeRemoteSupport | undefined;
  afterEach(async () => {
    await h?.close();
    await rs?.close();
    h = undefined;
    rs = undefined;
  });

  async function start(policy: { announce?: boolean } = {}) {
    rs = await startFakeRemoteSupport({ clientId: RS_CLIENT_ID, clientSecret: RS_CLIENT_SECRET });
    h = await startSlackHarness({
      env: { RS_URL: rs.url, RS_CLIENT_ID, RS_CLIENT_SECRET, LOG_LEVEL: 'trace' },
      policyText: examplePolicy(policy),
    });
    return { h, rs };
  }

  it('sends the key to the requester alone: no channel post, no Slack call and no log line holds it', async () => {
    const { h, rs } = await start({ announce: true });
    expect((await h.slash('sessionkey --team Helpdesk --expires 30m --external-key INC0042')).status).toBe(
      200,
    );
    await h.slack.waitForResponses(1);
    await h.slack.waitFor('chat.postMessage');

    expect(rs.keysIssued).toHaveLength(1);
    const { shortKey, keyUrl, expiresAt } = rs.keysIssued[0]!;
    expect(rs.keysIssued[0]!.queueId).toBe('team:1');
    expect(rs.keysIssued[0]!.params.ttl).toBe('1800');

    // The one reply that holds the key: the ephemeral answer on the slash command's response_url.
    const holding = h.slack.responses.filter((r) => keyPattern(shortKey).test(JSON.stringify(r.body)));
    expect(holding).toHaveLength(1);
    expect(holding[0]!.body.response_type).toBe('ephemeral');
    expect(JSON.stringify(holding[0]!.body)).toContain(keyUrl.replace(/&/g, '&amp;'));

    // The channel sees who, which queue and until when; never the key or its link.
    const posts = h.slack.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.args.channel).toBe(CHANNEL);
    expect(JSON.stringify(posts[0]!.args)).toContain(
      // As formatTime shows it: the time of day, with the date when it is not today (near midnight).
      `Alice Admin generated a session key for team Helpdesk, expires ${formatTime(expiresAt, new Date())}.`,
    );
    for (const call of h.slack.calls) {
      const text = JSON.stringify(call.args);
      expect(text).not.toMatch(keyPattern(shortKey));
      expect(text).not.toContain('short_key=');
    }

    // Every log line at trace level: the audit entry is there, the key is not.
    const logText = h.logs.text();
    expect(logText).not.toMatch(keyPattern(shortKey));
    expect(logText).not.toContain('short_key=');
    const audit = h.logs.lines.filter((l) => l.includes('"audit"')).map((l) => JSON.parse(l).audit);
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'sessionkey', targets: ['team:1'], result: 'ok' }),
    );
    expect(audit.find((a) => a.action === 'sessionkey').detail).toContain(`expires ${expiresAt}`);
    expect(logText).not.toContain(RS_CLIENT_SECRET);
  });

  it('posts nothing in the channel when the policy does not announce', async () => {
    const { h, rs } = await start({ announce: false });
    // The key is ready at once: it goes back in the ack itself, to the requester alone.
    const ack = await h.slash('sessionkey --rep alice');
    expect(rs.keysIssued.map((k) => k.queueId)).toEqual(['rep:1']);
    expect(JSON.parse(ack.body)).toMatchObject({ response_type: 'ephemeral' });
    expect(ack.body).toMatch(keyPattern(rs.keysIssued[0]!.shortKey));
    expect(h.slack.responses).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.slack.callsTo('chat.postEphemeral')).toHaveLength(0);
  });

  it('answers an unknown team with the close matches, privately, and generates nothing', async () => {
    const { h, rs } = await start({ announce: true });
    const reply = JSON.parse((await h.slash('sessionkey --team Helpdsk')).body) as Record<string, unknown>;
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply)).toContain('No team is called \\"Helpdsk\\". Did you mean Helpdesk?');
    expect(rs.keysIssued).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('answers 50 concurrent reps commands with one upstream call', async () => {
    const { h, rs } = await start();
    rs.setDelay(50); // a slow appliance, so the requests really overlap the one call
    // Two people, 25 each: one person's 30 commands a minute would refuse the rest.
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, i) => h.slash('reps', i % 2 ? 'alice' : 'bob')),
    );
    expect(acks.every((a) => a.status === 200)).toBe(true);
    expect(rs.repsCalls).toBe(1);
    // Each answer is in its ack (or, past the ack's budget, on its response_url): 50 in all, all private.
    await h.slack.waitForResponses(acks.filter((a) => a.body === '').length, 20_000);
    const replies = [
      ...acks.filter((a) => a.body !== '').map((a) => JSON.parse(a.body)),
      ...h.slack.responses.map((r) => r.body),
    ];
    expect(replies).toHaveLength(50);
    for (const r of replies) {
      expect(r.response_type).toBe('ephemeral');
      expect(JSON.stringify(r)).toContain('Alice Nguyen (id 1)');
    }
  });
});
