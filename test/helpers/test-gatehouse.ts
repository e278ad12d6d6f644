import { readFileSync } from 'node:fs';
import { createGatehouse, type Gatehouse } from '../../adapters/server.ts';
import { loadConfig } from '../../src/config/load-config.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import type { Store } from '../../src/store/store.ts';
import { captureLogs } from './log-capture.ts';

export interface TestGatehouseOptions {
  /** The environment Gatehouse is configured from (platform and vendor variables). */
  env: Record<string, string>;
  /** Variables to drop from `env` (to turn a vendor off). */
  omitEnv?: string[];
  /** The policy; the example policy by default. */
  policyText?: string;
  /** A store to share between two instances (replicas); an in-memory SQLite one by default. */
  store?: Store;
}

/**
 * Gatehouse as `npm start` builds it, listening on 127.0.0.1 at a free port, with the test-friendly
 * settings every harness wants: logs captured in memory at trace level, short job polling, pollers left
 * for the test to run, no process metrics.
 */
export async function startTestGatehouse(
  options: TestGatehouseOptions,
): Promise<{ gatehouse: Gatehouse; url: string; logs: ReturnType<typeof captureLogs> }> {
  const logs = captureLogs();
  const env: Record<string, string> = { STORE_URL: 'sqlite://:memory:', ...options.env };
  for (const name of options.omitEnv ?? []) delete env[name];
  const gatehouse = await createGatehouse({
    config: loadConfig(env),
    policy: parsePolicy(options.policyText ?? readFileSync('policy.example.yaml', 'utf8')),
    log: logs.log,
    ...(options.store ? { store: options.store } : {}),
    pollIntervalMs: 40,
    defaultMetrics: false,
    startPollers: false,
  });
  const url = await gatehouse.listen(0, '127.0.0.1');
  return { gatehouse, url, logs };
}
