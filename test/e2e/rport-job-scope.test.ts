import { afterEach, describe, expect, it } from 'vitest';
import { postedMessage, type SlackHarness, startSlackHarness } from '../helpers/slack-harness.ts';

describe('rport job <id> over Slack', () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h?.close();
  });

  const lastResponse = async (n: number) => {
    await h.slack.waitForResponses(n);
    return JSON.stringify(h.slack.responses.at(-1)!.body);
  };

  it('shows only jobs started through Gatehouse', async () => {
    h = await startSlackHarness();
    // A job someone started in rport directly (its id is guessable or seen elsewhere).
    const { jid: foreign } = await h.gatehouse.vendors.rport!.runCommand('fra-web-01', {
      command: 'cat /etc/shadow',
      isSudo: true,
      timeoutSec: 60,
    });
    await h.slash(`rport job ${foreign} fra-web-01`);
    const refused = await lastResponse(1);
    expect(refused).toContain(`Job ${foreign} was not started through Gatehouse`);
    await h.slash(`rport job ${foreign}`);
    expect(await lastResponse(2)).toContain('was not started through Gatehouse');

    await h.slash('rport run web-01 -- uptime');
    await h.slack.waitFor('chat.postMessage');
    await h.click(postedMessage(h.slack, 0), 'Run');
    await expect
      .poll(() => JSON.stringify(h.slack.callsTo('chat.update').at(-1)?.args.blocks), { timeout: 5000 })
      .toContain('Finished');
    const ours = /rport job ([\w-]+)/.exec(
      JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks),
    )![1]!;
    await h.slash(`rport job ${ours}`);
    const shown = await lastResponse(3);
    expect(shown).toContain('uptime');
    expect(shown).not.toContain('was not started through Gatehouse');
  });
});
