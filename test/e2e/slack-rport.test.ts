import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSlackApi } from '../fakes/slack-api-server.ts';
import {
  BOT_TOKEN,
  CHANNEL,
  postedMessage,
  RPORT_TOKEN,
  type SlackHarness,
  startSlackHarness,
  USERS,
} from '../helpers/slack-harness.ts';
import { slackHeaders, slashCommandBody } from '../helpers/slack-signing.ts';

describe('rport run end to end over Slack', () => {
  let h: SlackHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('posts a confirmation card, runs exactly the confirmed command on a click, and posts the result', async () => {
    h = await startSlackHarness();
    const ack = await h.slash('rport run web-01 -- df -h /var');
    expect(ack.status).toBe(200);

    const [post] = await h.slack.waitFor('chat.postMessage');
    expect(post!.args.channel).toBe(CHANNEL);
    const card = JSON.stringify(post!.args.blocks);
    expect(card).toContain('df -h /var');
    expect(card).toContain('web-01 (fra-web-01) — online');
    expect(card).toContain('Alice Admin (the requester)');
    expect(h.rport.commandCalls()).toHaveLength(0);

    // The buttons carry only an opaque id, never the command.
    const message = postedMessage(h.slack, 0);
    const buttons = JSON.stringify(
      (message.blocks as Array<{ type: string }>).filter((b) => b.type === 'actions'),
    );
    expect(buttons).not.toContain('df -h');

    expect((await h.click(message, 'Run')).status).toBe(200);
    const updates = await h.slack.waitFor('chat.update', 2);
    expect(updates[0]!.args.ts).toBe(message.ts);

    expect(h.rport.commandCalls()).toHaveLength(1);
    const call = h.rport.commandCalls()[0]!;
    expect(call.path).toBe('/clients/fra-web-01/commands');
    expect(call.body).toEqual({ command: 'df -h /var', is_sudo: false, timeout_sec: 60 });

    // The last update is the result: per-client status and the output tail.
    await expect
      .poll(() => JSON.stringify(h.slack.callsTo('chat.update').at(-1)?.args.blocks), { timeout: 5000 })
      .toContain('Finished: 1 of 1 successful');
    const final = JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks);
    expect(final).toContain('web-01: successful (exit 0)');
    expect(final).toContain('Confirmed by Alice Admin');

    // A second click on the same card runs nothing and says who handled it, privately.
    await h.click(message, 'Run');
    await h.slack.waitForResponses(1);
    expect(JSON.stringify(h.slack.responses.at(-1)!.body)).toContain('Already handled by Alice Admin');
    expect(h.rport.commandCalls()).toHaveLength(1);

    // The audit trail has the request, the confirmation and the result; secrets are in no log line.
    const audit = h.logs.lines.filter((l) => l.includes('"audit"'));
    expect(audit.map((l) => JSON.parse(l).audit.action)).toEqual(
      expect.arrayContaining(['rport.run', 'rport.confirm', 'rport.result']),
    );
    expect(h.logs.text()).not.toContain(RPORT_TOKEN);
    expect(h.logs.text()).not.toContain('xoxb-test-bot-token');
  });

  it('refuses a denied command privately and posts no card', async () => {
    h = await startSlackHarness();
    const ack = await h.slash('rport run web-01 -- sudo shutdown -h now');
    // An instant private answer goes back in the ack itself, not as a second request to response_url.
    const reply = JSON.parse(ack.body) as Record<string, unknown>;
    expect(reply.response_type).toBe('ephemeral');
    expect(h.slack.responses).toHaveLength(0);
    expect(JSON.stringify(reply)).toContain('the policy denies commands matching \\"*shutdown*\\"');
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('waits for a different approver when the rule needs two people', async () => {
    h = await startSlackHarness();
    await h.slash('rport run web-01 --sudo -- systemctl restart nginx');
    await h.slack.waitFor('chat.postMessage');
    const message = postedMessage(h.slack, 0);
    expect(JSON.stringify(message.blocks)).toContain(
      'a second person with the approver role (not Alice Admin)',
    );

    await h.click(message, 'Run', 'alice'); // the requester cannot be the second
    await h.click(message, 'Run', 'eve'); // not an approver
    await h.slack.waitForResponses(2);
    const refusals = h.slack.responses.map((r) => JSON.stringify(r.body));
    expect(refusals.some((r) => r.includes('needs a second person'))).toBe(true);
    expect(refusals.some((r) => r.includes('Only people with the approver role'))).toBe(true);
    expect(h.slack.callsTo('chat.update')).toHaveLength(0); // the card stays as it was
    expect(h.rport.commandCalls()).toHaveLength(0);

    await h.click(message, 'Run', 'carol');
    await h.slack.waitFor('chat.update');
    await expect.poll(() => h.rport.commandCalls().length).toBe(1);
    expect(h.rport.commandCalls()[0]!.body).toMatchObject({
      command: 'systemctl restart nginx',
      is_sudo: true,
    });
  });

  it('cancels: nothing runs and the card says who cancelled', async () => {
    h = await startSlackHarness();
    await h.slash('rport run web-01,web-02 -- uptime');
    await h.slack.waitFor('chat.postMessage');
    const message = postedMessage(h.slack, 0);
    await h.click(message, 'Cancel');
    const [update] = await h.slack.waitFor('chat.update');
    expect(JSON.stringify(update!.args.blocks)).toContain('Cancelled by Alice Admin');
    await h.click(message, 'Run');
    await h.slack.waitForResponses(1);
    expect(h.rport.commandCalls()).toHaveLength(0);
  });

  it('runs on several clients as one multi-client job and reports each', async () => {
    h = await startSlackHarness();
    await h.slash('rport run tag:web -- uptime');
    await h.slack.waitFor('chat.postMessage');
    await h.click(postedMessage(h.slack, 0), 'Run');
    await expect
      .poll(() => JSON.stringify(h.slack.callsTo('chat.update').at(-1)?.args.blocks), { timeout: 5000 })
      .toContain('Finished: 2 of 2 successful');
    expect(h.rport.commandCalls()[0]!.path).toBe('/commands');
    expect(h.rport.commandCalls()[0]!.body).toMatchObject({
      client_ids: ['fra-web-01', 'fra-web-02'],
      command: 'uptime',
    });
  });

  it('answers unknown input with help, and a not-configured vendor with one sentence', async () => {
    h = await startSlackHarness();
    expect((await h.slash('rprot clients')).body).toContain('Did you mean `rport`?');
    expect((await h.slash('rport run web-01 --timeout -- uptime')).body).toContain(
      '--timeout needs a value.',
    );
    expect(h.slack.responses).toHaveLength(0);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('says so when rport is not configured', async () => {
    h = await startSlackHarness({ omitEnv: ['RPORT_URL', 'RPORT_USER', 'RPORT_TOKEN'] });
    expect((await h.slash('rport clients')).body).toContain('rport is not configured here.');
  });
});

describe('channels the bot is not in', () => {
  it('joins a public channel before posting, and explains how to invite it to a private one', async () => {
    const slack = await startFakeSlackApi({
      botToken: BOT_TOKEN,
      users: Object.values(USERS),
      memberChannels: [],
    });
    const h = await startSlackHarness({ slack });
    try {
      await h.slash('rport run web-01 -- uptime');
      await slack.waitFor('conversations.join');
      await expect.poll(() => slack.postedTs.filter(Boolean).length).toBe(1);

      const body = slashCommandBody({
        text: 'rport run web-01 -- uptime',
        user_id: USERS.alice.id,
        user_name: 'alice',
        channel_id: 'G0PRIVATE',
        response_url: slack.responseUrl(),
      });
      await h.post('/slack/events', body, {
        'content-type': 'application/x-www-form-urlencoded',
        ...slackHeaders(body),
      });
      await slack.waitForResponses(1);
      expect(JSON.stringify(slack.responses[0]!.body)).toContain('invite it with /invite @Gatehouse');
    } finally {
      await h.close();
      await slack.close();
    }
  });
});

describe('long output', () => {
  it('shows the tail on the card and uploads the whole output as a file', async () => {
    const h = await startSlackHarness({
      policyText:
        'roles:\n  ops:\n    members: [alice@example.com]\n    intents: ["rport.*"]\nrport:\n  rules:\n    - name: echo\n      allow: ["echo *"]\n',
    });
    try {
      const words = Array.from({ length: 250 }, (_, i) => `word${i}`).join(' ');
      await h.slash(`rport run web-01 -- echo ${words}`);
      await h.slack.waitFor('chat.postMessage');
      await h.click(postedMessage(h.slack, 0), 'Run');
      await h.slack.waitFor('files.completeUploadExternal');
      expect(h.slack.uploads).toHaveLength(1);
      expect(h.slack.uploads[0]!.filename).toMatch(/^rport-.+\.txt$/);
      expect(h.slack.uploads[0]!.content).toContain('word0 word1');
      expect(h.slack.uploads[0]!.content).toContain('word249');
      const card = JSON.stringify(h.slack.callsTo('chat.update').at(-1)!.args.blocks);
      expect(card).toContain('word249');
      // The command (under 2 KB) is on the card whole; the output after it only as its tail.
      expect(card.slice(card.indexOf('(last lines)'))).not.toContain('word0 word1 ');
      expect(card).toContain('(last lines)');
    } finally {
      await h.close();
    }
  });
});

describe('an expired confirmation', () => {
  it('says so on the card and runs nothing', async () => {
    const policyText =
      'roles:\n  ops:\n    members: [alice@example.com]\n    intents: ["rport.*"]\nrport:\n  confirm_expiry: 1s\n  rules:\n    - name: diagnostics\n      allow: ["uptime"]\n';
    const h = await startSlackHarness({ policyText });
    try {
      await h.slash('rport run web-01 -- uptime');
      await h.slack.waitFor('chat.postMessage');
      await new Promise((resolve) => setTimeout(resolve, 1200));
      await h.click(postedMessage(h.slack, 0), 'Run');
      const [update] = await h.slack.waitFor('chat.update');
      expect(JSON.stringify(update!.args.blocks)).toContain('expired at');
      expect(JSON.stringify(update!.args.blocks)).toContain('nothing ran');
      expect(h.rport.commandCalls()).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});
