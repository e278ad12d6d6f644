import { afterEach, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack-harness.ts';

describe('one request id per Slack event', () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('tags the dispatcher’s lines of a slash command with its trigger id', async () => {
    h = await startSlackHarness();
    await h.slash('rport run web-01 -- uptime', 'eve'); // eve may not: the dispatcher logs the refusal
    const refusal = h.logs.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'refused: not permitted by the policy');
    expect(refusal).toMatchObject({ eventId: 'trig-1', platform: 'slack', intent: 'rport.run' });
  });
});

describe('one request id through the vendor calls and the audit', () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('tags the rport call and the audit entry of a slash command with its trigger id', async () => {
    h = await startSlackHarness();
    await h.slash('rport run web-01 -- uptime');
    await h.slack.waitFor('chat.postMessage');
    const lines = h.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    // The vendor client and the audit log have their own loggers: the id reaches them through the turn.
    const audit = lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith('audit: rport.run'));
    const vendor = lines.filter((l) => l.msg === 'vendor call' && l.vendor === 'rport');
    expect(audit?.eventId).toBe('trig-1');
    expect(vendor.length).toBeGreaterThan(0);
    expect(vendor.every((l) => l.eventId === 'trig-1')).toBe(true);
  });
});
