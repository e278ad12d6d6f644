import { afterEach, describe, expect, it } from 'vitest';
import { postedMessage, type SlackHarness, startSlackHarness } from '../helpers/slack-harness.ts';

describe('rport job <id> over Slack', () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h?.close();
  });

  /** The reply to a slash command: in the ack when it is instant, else through response_url. */
  const reply = async (text: string) => {
    const seen = h.slack.responses.length;
    const ack = await h.slash(text);
    if (ack.body) return ack.body;
    await h.slack.waitForResponses(seen + 1);
    return JSON.stringify(h.slack.responses.at(-1)!.body);
  };

  it('shows only jobs started through Gatehouse', async () => {
    h = await startSlackHarness();
    // A job someone started in rport directly (its id is guessable or seen elsewhere).
    const { jid: foreign } = await h.gatehouse.vendors.rport!.runCommand('fra-web-02', {
      command: 'cat /etc/shadow',
      isSudo: true,
      timeoutSec: 60,
    });
    const refused = await reply(`rport job ${foreign} fra-web-02`);
    expect(refused).toContain(`Job ${foreign} was not started through Gatehouse`);
    expect(await reply(`rport job ${foreign}`)).toContain('was not started through Gatehouse');

    await h.slash('rport run web-01 -- uptime');
    await h.slack.waitFor('chat.postMessage');
    await h.click(postedMessage(h.slack, 0), 'Run');
    await expect
      .poll(() => JSON.stringify(h.slack.callsTo('chat.update').at(-1)?.args.blocks), { timeout: 5000 })
      .toContain('Finished');
    const ours = /rport job ([\w-]+)/.exec(
      JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks),
    )![1]!;
    const shown = await reply(`rport job ${ours}`);
    expect(shown).toContain('uptime');
    expect(shown).not.toContain('was not started through Gatehouse');
  });
});
