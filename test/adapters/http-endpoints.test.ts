import { connect } from 'node:net';
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
    expect((await h.slash('rport clients')).body).toContain('fra-web-01');
    expect((await h.slash('rport run web-01 -- cat /etc/shadow')).body).toContain('ephemeral');
    const metrics = await get('/metrics');
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toMatch(/gatehouse_intents_total\{intent="rport.clients",outcome="ok"\} 1/);
    expect(metrics.body).toMatch(
      /gatehouse_vendor_call_duration_seconds_count\{vendor="rport",operation="[^"]+"\} \d+/,
    );
  });

  /** Send only the head of a request (and `start` of its body); resolves with all the server said before closing. */
  function sendHead(head: string, start = ''): Promise<string> {
    const { hostname, port } = new URL(h.url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write(head + start));
      let said = '';
      socket.on('data', (d) => {
        said += d.toString('utf8');
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(said));
    });
  }

  it('refuses a body over the limit from its Content-Length, before reading it, and closes the connection', async () => {
    const head =
      'POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n';
    // The 50 MB never follow: an answer and a closed connection can only come from the header.
    const said = await sendHead(head, '{"a":');
    expect(said).toMatch(/^HTTP\/1\.1 413 /);
    expect(said.toLowerCase()).toContain('connection: close');
    expect(said).toContain('request body too large');
  });

  it('closes the connection as soon as a body without Content-Length passes the limit', async () => {
    const head = 'POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    const chunk = 'x'.repeat(600_000);
    const said = await sendHead(head, `${chunk.length.toString(16)}\r\n${chunk}\r\n`.repeat(2));
    expect(said).toMatch(/^HTTP\/1\.1 413 /);
  });

  it('answers 404 and 405 for unknown routes and methods', async () => {
    expect((await get('/nope')).status).toBe(404);
    expect((await get('/slack/events')).status).toBe(405);
  });
});
