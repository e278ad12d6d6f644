import { afterEach, describe, expect, it } from 'vitest';
import { signedAlertHeaders } from '../../helpers/alert-signing.ts';
import { postedMessage, type SlackHarness, startSlackHarness } from '../../helpers/slack-harness.ts';

const SECRET = 'alert-webhook-secret-0123456789';

const signed = (body: string) => signedAlertHeaders(body, { secret: SECRET });

describe('alerts end to end over Slack', () => {
  const open: SlackHarness[] = [];
  afterEach(async () => {
    for (const h of open.splice(0)) await h.close();
  });

  it('has no alert routes without ALERT_WEBHOOK_SECRET', async () => {
    const h = await startSlackHarness();
    open.push(h);
    expect((await h.post('/alerts', '{}', { 'content-type': 'application/json' })).status).toBe(404);
  });

  it('a signed alert is posted to the routed channel; Acknowledge updates the card with who', async () => {
    const h = await startSlackHarness({ env: { ALERT_WEBHOOK_SECRET: SECRET } });
    open.push(h);
    const body = JSON.stringify({
      source: 'backup',
      severity: 'critical',
      title: 'Nightly backup failed',
      dedupKey: 'backup:nightly',
      status: 'firing',
    });
    const res = await h.post('/alerts', body, signed(body));
    expect(res.status).toBe(202);
    expect(JSON.parse(res.body)).toEqual({ id: '1', dedupKey: 'backup:nightly' });

    // policy.example.yaml: critical → C0ONCALL, everything → C0ALERTS.
    const posts = await h.slack.waitFor('chat.postMessage', 2);
    expect(posts.map((p) => p.args.channel).sort()).toEqual(['C0ALERTS', 'C0ONCALL']);
    const index = posts.findIndex((p) => p.args.channel === 'C0ONCALL');
    const message = postedMessage(h.slack, index);
    expect(JSON.stringify(message.blocks)).toContain('Nightly backup failed');

    // Eve holds no oncall role: refused privately, nothing changes.
    await h.click(message, 'Acknowledge', 'eve');
    await h.slack.waitForResponses(1);
    expect(JSON.stringify(h.slack.responses[0]!.body)).toContain('Only people with the oncall role');

    expect((await h.click(message, 'Acknowledge', 'alice')).status).toBe(200);
    const [update] = await h.slack.waitFor('chat.update');
    expect(update!.args).toMatchObject({ channel: 'C0ONCALL', ts: message.ts });
    expect(JSON.stringify(update!.args.blocks)).toContain('Alice Admin at');
  });

  it('a shutdown waits for the alert cards still queued for their channel pace', async () => {
    const h = await startSlackHarness({ env: { ALERT_WEBHOOK_SECRET: SECRET } });
    for (const n of [1, 2, 3]) {
      const body = JSON.stringify({
        source: 'disk',
        severity: 'warning',
        title: `Disk ${n} filling`,
        dedupKey: `disk:${n}`,
        status: 'firing',
      });
      expect((await h.post('/alerts', body, signed(body))).status).toBe(202);
    }
    // One call a second into C0ALERTS: the third card is still queued when the shutdown begins.
    expect(h.slack.callsTo('chat.postMessage').length).toBeLessThan(3);
    await h.close();
    const titles = h.slack.callsTo('chat.postMessage').map((c) => String(c.args.text));
    for (const n of [1, 2, 3]) expect(titles.some((t) => t.includes(`Disk ${n} filling`))).toBe(true);
  });
});
