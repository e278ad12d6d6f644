import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { createIntentCatalog } from '../adapters/compose-handlers.ts';
import { formatDoctorReport, runDoctor } from '../handlers/doctor/run-doctor.ts';
import { loadConfig, readEnv } from '../src/config/load-config.ts';
import { describeError } from '../src/errors.ts';
import { createLogger } from '../src/log.ts';
import { loadPolicy } from '../src/policy/load-policy.ts';
import { createStore } from '../src/store/create-store.ts';
import { createVendors } from '../src/vendors/create-vendors.ts';

/** The bot scopes the Slack app manifest asks for. */
function manifestScopes(file = 'manifest/slack.yaml'): string[] {
  const manifest = parse(readFileSync(file, 'utf8')) as { oauth_config?: { scopes?: { bot?: unknown } } };
  const bot = manifest.oauth_config?.scopes?.bot;
  return Array.isArray(bot) ? bot.map(String) : [];
}

/** `npm run doctor`: one line per check, ✓ or ✗ with the one thing to do; exit 1 when any check fails. */
async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(readEnv(process.env));
  } catch (err) {
    console.log(`✗ Configuration · loads: ${describeError(err)}`);
    return 1;
  }
  const log = createLogger({ level: 'silent' });
  const store = createStore(config.storeUrl);
  const catalog = createIntentCatalog();
  try {
    const { vendors } = createVendors(config, { store, log });
    const platforms = ['console', ...(config.slack ? ['slack'] : []), ...(config.teams ? ['teams'] : [])];
    const lines = await runDoctor({
      config,
      vendors,
      store,
      loadPolicy: () => loadPolicy(config.policyFile),
      intents: catalog.intents.map((i) => i.name),
      platforms,
      manifestScopes: manifestScopes(),
    });
    await vendors.passwordSafe?.signOut().catch(() => undefined);
    const { text, failed } = formatDoctorReport(lines);
    console.log(text);
    return failed === 0 ? 0 : 1;
  } finally {
    await catalog.close();
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.log(`✗ doctor · run: ${describeError(err)}`);
    process.exit(1);
  },
);
