import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../adapters/http/create-http-server.ts';
import { createOps } from '../../adapters/http/ops-routes.ts';
import type { Gatehouse } from '../../adapters/server.ts';
import { createLogger } from '../../src/log.ts';
import { createMetrics } from '../../src/metrics.ts';
import { createStore } from '../../src/store/create-store.ts';
import { startTestGatehouse } from '../helpers/test-gatehouse.ts';

const TOKEN = 'ops-token-for-tests-0123456789';
const example = readFileSync('policy.example.yaml', 'utf8');

describe('operator endpoints', () => {
  const running: Gatehouse[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((g) => g.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-ops-'));
    dirs.push(dir);
    const policyFile = join(dir, 'policy.yaml');
    writeFileSync(policyFile, example);
    const started = await startTestGatehouse({ env: { POLICY_FILE: policyFile, ...env } });
    running.push(started.gatehouse);
    return { ...started, policyFile };
  }

  const call = async (url: string, init: { method?: 'GET' | 'POST'; token?: string } = {}) => {
    const res = await request(url, {
      method: init.method ?? 'GET',
      headers: init.token ? { authorization: `Bearer ${init.token}` } : {},
    });
    return { status: res.statusCode, text: await res.body.text() };
  };

  it('serves /metrics only with the bearer METRICS_TOKEN', async () => {
    const { url } = await start({ METRICS_TOKEN: TOKEN });
    expect((await call(`${url}/metrics`)).status).toBe(401);
    expect((await call(`${url}/metrics`, { token: `${TOKEN}x` })).status).toBe(401);
    const ok = await call(`${url}/metrics`, { token: TOKEN });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('gatehouse_alert_posts_dropped_total 0');
    expect(ok.text).toContain('gatehouse_alert_queue_depth 0');
    expect(ok.text).toContain('gatehouse_ready 1');
    expect(ok.text).toMatch(/gatehouse_access_requests_pending\{age="gt_4h"\} 0/);
  });

  it('does not serve /metrics on the public port when neither METRICS_TOKEN nor METRICS_PORT is set', async () => {
    const { url } = await start({});
    const refused = await call(`${url}/metrics`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('METRICS_TOKEN');
    expect((await call(`${url}/admin/reload`, { method: 'POST' })).status).toBe(403);
  });

  it('serves /metrics on METRICS_HOST:METRICS_PORT instead of the public port when one is set', async () => {
    const { url, gatehouse } = await start({ METRICS_PORT: '0' });
    const metricsUrl = gatehouse.ops.metricsUrl();
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(metricsUrl).not.toBe(url);
    expect((await call(`${metricsUrl}/metrics`)).status).toBe(200);
    expect((await call(`${url}/metrics`)).status).toBe(404);
  });

  it('counts lost claims by kind and shows which poller lease this replica holds', async () => {
    const { url, gatehouse } = await start({ METRICS_TOKEN: TOKEN });
    await gatehouse.store.claim('pending:abc123:claim', 'alice', 60_000);
    await gatehouse.store.claim('pending:abc123:claim', 'bob', 60_000);
    expect(await gatehouse.pollers['alerts.recover-cards']!.runOnce()).toBe(true);
    const text = (await call(`${url}/metrics`, { token: TOKEN })).text;
    expect(text).toContain('gatehouse_claim_conflicts_total{kind="pending"} 1');
    expect(text).toContain('gatehouse_poller_lease_held{poller="alerts.recover-cards"} 1');
    expect(text).toMatch(
      /gatehouse_poller_last_success_timestamp_seconds\{poller="alerts.recover-cards"\} \d+/,
    );
  });

  it('reloads the policy on POST /admin/reload, and refuses a bad file keeping the old policy', async () => {
    const { url, policyFile } = await start({ METRICS_TOKEN: TOKEN });
    expect((await call(`${url}/admin/reload`, { method: 'POST' })).status).toBe(401);
    writeFileSync(
      policyFile,
      example.replace('intents: [audit, audit.verify]', 'intents: [audit, audit.verify, health]'),
    );
    const ok = await call(`${url}/admin/reload`, { method: 'POST', token: TOKEN });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toEqual({ status: 'reloaded', diff: 'roles ~auditor' });
    writeFileSync(policyFile, 'roles: [not, a, map');
    const bad = await call(`${url}/admin/reload`, { method: 'POST', token: TOKEN });
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.text).error).toMatch(new RegExp(`^${policyFile} line \\d+: `));
    const metrics = (await call(`${url}/metrics`, { token: TOKEN })).text;
    expect(metrics).toContain('gatehouse_policy_reloads_total{result="applied"} 1');
    expect(metrics).toContain('gatehouse_policy_reloads_total{result="refused"} 1');
  });

  it('answers /readyz 503 until start-up has finished (platform tokens checked, pollers started)', async () => {
    const store = createStore('sqlite://:memory:');
    const log = createLogger({ level: 'silent' });
    const ops = createOps({
      settings: { metricsHost: '127.0.0.1', shutdownGraceMs: 0 },
      store,
      metrics: createMetrics({ defaultMetrics: false }),
      reloadPolicy: async () => ({ ok: true, changed: false, diff: '' }),
      log,
    });
    const server = createHttpServer(ops.routes, log);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const starting = await call(`${url}/readyz`);
      expect(starting.status).toBe(503);
      expect(JSON.parse(starting.text)).toMatchObject({ status: 'not ready', startup: 'in progress' });
      expect(await ops.ready()).toBe(false);
      await ops.listen();
      expect((await call(`${url}/readyz`)).status).toBe(200);
      expect(await ops.ready()).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    }
  });

  it('answers /readyz 503 once shutdown has begun, so load balancers drain this replica first', async () => {
    const { url, gatehouse } = await start({});
    expect((await call(`${url}/readyz`)).status).toBe(200);
    gatehouse.ops.markShuttingDown();
    const after = await call(`${url}/readyz`);
    expect(after.status).toBe(503);
    expect(JSON.parse(after.text)).toMatchObject({ status: 'not ready', shutdown: 'in progress' });
    expect((await call(`${url}/healthz`)).status).toBe(200);
  });
});
