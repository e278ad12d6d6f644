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
