import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertRoutes } from '../../../adapters/alerts/create-alert-routes.ts';
import { createHttpServer } from '../../../adapters/http/create-http-server.ts';
import type { Store } from '../../../src/store/store.ts';
import { type AlertRig, cardIn, field, startAlertRig } from '../../handlers/alerts/alert-harness.ts';
import { signedAlertHeaders } from '../../helpers/alert-signing.ts';
import { storeBackends } from '../../helpers/stores.ts';

const SECRET = 'alert-webhook-secret-0123456789';
const BEARER = 'alertmanager-bearer-0123456789';
const NOW_MS = Date.parse('2025-03-04T10:00:00Z');
const [, makeSqlite] = storeBackends[0]!;

const signed = (body: string, o: { ts?: number; secret?: string } = {}) =>
  signedAlertHeaders(body, { secret: o.secret ?? SECRET, ts: o.ts ?? NOW_MS / 1000 });

const alert = {
  source: 'backup',
  severity: 'critical',
  title: 'Nightly backup failed',
  text: 'exit code 2',
  dedupKey: 'backup:nightly',
  labels: { host: 'bk-01' },
  links: [{ title: 'Logs', url: 'https://logs.example.com/bk-01' }],
  status: 'firing',
};

/** An Alertmanager v4 notification with one firing and one resolved alert. */
const alertmanager = {
  version: '4',
  groupKey: '{}:{alertname="HighLatency"}',
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'gatehouse',
  groupLabels: { alertname: 'HighLatency' },
  commonLabels: { alertname: 'HighLatency' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager.example.com:9093',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'HighLatency', severity: 'page', service: 'api', instance: 'api-1:9100' },
      annotations: {
        summary: 'API latency above 2 s',
        description: 'p99 latency on api-1 is 2.7 s',
        runbook_url: 'https://runbooks.example.com/latency',
      },
      startsAt: '2025-03-04T09:55:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.com/graph?g0.expr=latency',
      fingerprint: 'c2f2f4a1b3d5e6f7',
    },
    {
      status: 'resolved',
      labels: { alertname: 'DiskFull', severity: 'warning', instance: 'db-1:9100' },
      annotations: { summary: 'Disk almost full' },
      startsAt: '2025-03-04T08:00:00Z',
      endsAt: '2025-03-04T09:58:00Z',
      generatorURL: 'http://prometheus.example.com/graph?g0.expr=disk',
      fingerprint: '0a1b2c3d4e5f6a7b',
    },
  ],
};

describe('the alert webhook routes over HTTP', () => {
  let store: Store;
  let server: Server;
  let url: string;
  let rig: AlertRig;

  beforeEach(async () => {
    store = makeSqlite();
    rig = startAlertRig(store);
    const routes = createAlertRoutes({
      alerts: rig.service,
      secret: SECRET,
      bearerToken: BEARER,
      log: rig.logs.log,
      store,
      now: () => NOW_MS,
    });
    server = createHttpServer(routes, rig.logs.log);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  });

  async function post(path: string, body: string, headers: Record<string, string>) {
    const res = await request(`${url}${path}`, { method: 'POST', body, headers });
    return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
  }

  it('accepts a signed alert with 202 and its id, and posts it', async () => {
    const body = JSON.stringify(alert);
    const res = await post('/alerts', body, signed(body));
    expect(res).toEqual({ status: 202, json: { id: '1', dedupKey: 'backup:nightly' } });
    await rig.service.idle();
    const card = cardIn(rig.slack, 'C0ONCALL', 'Nightly backup failed');
    expect(card?.blocks).toEqual(
      expect.arrayContaining([
        { type: 'text', text: 'exit code 2' },
        { type: 'list', items: ['Logs: https://logs.example.com/bk-01'] },
        { type: 'context', text: 'host=bk-01' },
      ]),
    );
  });

  it('answers 401 to an unsigned, stale, wrongly signed or bearer-only alert, and records nothing', async () => {
    const body = JSON.stringify(alert);
    const { 'x-gatehouse-signature': _s, ...unsigned } = signed(body);
    const cases = [
      unsigned,
      signed(body, { ts: NOW_MS / 1000 - 301 }),
      signed(body, { secret: 'not-the-secret-0123456789' }),
      { ...signed(`${body} `) },
      { 'content-type': 'application/json', authorization: `Bearer ${BEARER}` },
    ];
    for (const headers of cases) {
      const res = await post('/alerts', body, headers);
      expect(res).toEqual({ status: 401, json: { error: 'invalid signature' } });
    }
    expect(await rig.service.received()).toBe(0);
    expect(rig.logs.text()).not.toContain(SECRET);
  });

  it('answers 400 naming the field that is wrong', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...alert, severity: 'urgent' }, 'severity: must be one of critical, warning, info'],
      [{ ...alert, title: undefined }, 'title: is required: one line saying what is wrong'],
      [{ ...alert, status: 'open' }, 'status: must be firing or resolved'],
      [{ ...alert, labels: { host: 3 } }, 'labels.host: values must be strings'],
      [{ ...alert, links: [{ url: 'ftp://x' }] }, 'links.0.url: must be an http(s) URL'],
      [{ ...alert, source: '' }, 'source: must not be empty'],
      [[alert], 'the body must be a JSON object with source, severity, title and status'],
    ];
    for (const [value, error] of cases) {
      const body = JSON.stringify(value);
      const res = await post('/alerts', body, signed(body));
      expect(res.status).toBe(400);
      expect(res.json.error).toContain(error);
    }
    const notJson = '{"source":';
    expect(await post('/alerts', notJson, signed(notJson))).toEqual({
      status: 400,
      json: { error: 'the body is not JSON' },
    });
    expect(await rig.service.received()).toBe(0);
  });

  it('maps an Alertmanager v4 payload, with the bearer token or the signature', async () => {
    const body = JSON.stringify(alertmanager);
    const res = await post('/alerts/alertmanager', body, {
      'content-type': 'application/json',
      authorization: `Bearer ${BEARER}`,
    });
    expect(res.status).toBe(202);
    expect(res.json.alerts).toEqual([
      { id: '1', dedupKey: 'c2f2f4a1b3d5e6f7' },
      { id: '2', dedupKey: '0a1b2c3d4e5f6a7b' },
    ]);
    await rig.service.idle();
    const card = cardIn(rig.slack, 'C0ONCALL', 'API latency above 2 s');
    expect(card?.state).toBe('failure');
    expect(field(card, 'Source')).toBe('alertmanager');
    expect(card?.blocks?.[0]).toEqual({ type: 'text', text: 'p99 latency on api-1 is 2.7 s' });
    // The resolved one had never fired here: counted, nothing posted.
    expect(rig.slack.posts().map((p) => p.view.title)).not.toContain('Disk almost full');

    const resolved = JSON.stringify({
      ...alertmanager,
      alerts: [{ ...alertmanager.alerts[0], status: 'resolved' }],
    });
    expect((await post('/alerts/alertmanager', resolved, signed(resolved))).status).toBe(202);
    await rig.service.idle();
    expect(field(cardIn(rig.slack, 'C0ONCALL', 'API latency above 2 s'), 'Status')).toBe(
      'Resolved at 10:00 UTC',
    );

    const wrong = await post('/alerts/alertmanager', body, {
      'content-type': 'application/json',
      authorization: 'Bearer nope',
    });
    expect(wrong.status).toBe(401);
    const v3 = JSON.stringify({ ...alertmanager, version: '3' });
    expect((await post('/alerts/alertmanager', v3, signed(v3))).json.error).toBe(
      'version: must be "4" (the Alertmanager webhook version understood here)',
    );
  });

  it('answers the same signed alert sent twice within the window like the first, and counts it once', async () => {
    const body = JSON.stringify(alert);
    const headers = signed(body);
    const first = await post('/alerts', body, headers);
    expect(first).toEqual({ status: 202, json: { id: '1', dedupKey: 'backup:nightly' } });
    // A captured request replayed (or a sender's retry), then two at once.
    const again = await post('/alerts', body, headers);
    const both = await Promise.all([post('/alerts', body, headers), post('/alerts', body, headers)]);
    for (const res of [again, ...both]) expect(res).toEqual(first);
    expect(await rig.service.received()).toBe(1);
    // The same alert signed anew is a new delivery: counted again, with its own id.
    const later = await post('/alerts', body, signed(body, { ts: NOW_MS / 1000 + 1 }));
    expect(later.json.id).toBe('2');
    expect(await rig.service.received()).toBe(2);
  });

  it('answers a repeated Alertmanager delivery with the bearer token like the first', async () => {
    const body = JSON.stringify(alertmanager);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${BEARER}` };
    const first = await post('/alerts/alertmanager', body, headers);
    expect(await post('/alerts/alertmanager', body, headers)).toEqual(first);
    expect(await rig.service.received()).toBe(2);
  });

  it('answers 503 when the alert cannot be recorded, so the sender retries', async () => {
    const down = createAlertRoutes({
      alerts: { ingest: () => Promise.reject(new Error('store unreachable')) },
      secret: SECRET,
      log: rig.logs.log,
      store,
      now: () => NOW_MS,
    });
    const other = createHttpServer(down, rig.logs.log);
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const body = JSON.stringify(alert);
    const res = await request(`http://127.0.0.1:${(other.address() as AddressInfo).port}/alerts`, {
      method: 'POST',
      body,
      headers: signed(body),
    });
    expect(res.statusCode).toBe(503);
    expect(await res.body.json()).toEqual({ error: 'the alert could not be recorded; try again' });
    await new Promise<void>((resolve) => other.close(() => resolve()));
  });
});
