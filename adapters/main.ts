import { setTimeout as sleep } from 'node:timers/promises';
import { type Config, loadConfig, readEnv } from '../src/config/load-config.ts';
import { GatehouseError } from '../src/errors.ts';
import { createLogger } from '../src/log.ts';
import { loadPolicy } from '../src/policy/load-policy.ts';
import type { Policy } from '../src/policy/policy-schema.ts';
import { createGatehouse } from './server.ts';

/** `npm start`: the bot from the environment (and .env). A bad setting stops it with one clear line. */
async function main() {
  let config: Readonly<Config>;
  let policy: Policy;
  try {
    config = loadConfig(readEnv(process.env));
    policy = loadPolicy(config.policyFile);
  } catch (err) {
    console.error(`Gatehouse cannot start: ${err instanceof GatehouseError ? err.message : String(err)}`);
    process.exit(1);
  }
  const log = createLogger({ level: config.logLevel });
  const gatehouse = await createGatehouse({ config, policy, log });
  const url = await gatehouse.listen(config.port);
  const on = ['slack', 'teams', 'pmc', 'rs', 'ps', 'rport'].filter((k) => config[k as keyof typeof config]);
  log.info({ url, enabled: on }, 'Gatehouse is listening');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Not ready first, so load balancers stop sending here; then wait for them to notice, then drain.
    gatehouse.ops.markShuttingDown();
    const graceMs = signal === 'SIGTERM' ? config.ops.shutdownGraceMs : 0;
    log.info({ signal, graceMs }, 'shutting down: /readyz now answers 503');
    if (graceMs > 0) await sleep(graceMs);
    await gatehouse.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // Re-read POLICY_FILE without a restart; a bad file is refused (logged) and the old policy stays.
  process.on('SIGHUP', () => void gatehouse.reloadPolicy());
}

main().catch((err: unknown) => {
  console.error(`Gatehouse stopped: ${err instanceof GatehouseError ? err.message : (err as Error).stack}`);
  process.exit(1);
});
