import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from '../helpers/slack-harness.ts';

const METRICS_TOKEN = 'metrics-token-for-tests-0123';

describe('operational endpoints', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness({ env: { METRICS_TOKEN } });
  });
  afterAll(async () => {
    await h.close();
  });

  const get = async (path: string) => {
    const res = await request(`${h.url}${path}`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    return { status: res.statusCode, type: String(res.headers['content-type']), body: await res.body.text() };
  };

  it('answers /healthz and /readyz (store reachable, config loaded)', async () => {
    expect(await get('/healthz')).toMatchObject({ status: 200 });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ready', store: 'ok', config: 'loaded' });
  });

  it('exposes intents by outcome and vendor call latency in Prometheus text', async () => {
    await h.slash('rport clients');
    await h.slack.waitForResponses(1);
    await h.slash('rport run web-01 -- cat /etc/shadow');
    await h.slack.waitForResponses(2);
    const metrics = await get('/metrics');
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toMatch(/gatehouse_intents_total\{intent="rport.clients",outcome="ok"\} 1/);
    expect(metrics.body).toMatch(
      /gatehouse_vendor_call_duration_seconds_count\{vendor="rport",operation="[^"]+"\} \d+/,
    );
  });

  it('answers 404 and 405 for unknown routes and methods', async () => {
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/slack/events')).status).toBe(405);
  });
});
