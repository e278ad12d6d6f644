import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createIntentCatalog } from '../adapters/compose-handlers.ts';
import { buildTeamsPackage } from '../manifest/teams/build-teams-package.ts';
import { loadConfig, readEnv } from '../src/config/load-config.ts';
import { GatehouseError } from '../src/errors.ts';

/**
 * `npm run package:teams [-- --domain gatehouse.example.com] [--out dist/gatehouse-teams.zip] [--app-id …]`:
 * the Teams app package an admin uploads, with TEAMS_APP_ID (from the environment or .env) as app and bot
 * id, the version from package.json, and the command menu from the intent registry.
 */
async function main() {
  const { values } = parseArgs({
    options: {
      domain: { type: 'string' },
      out: { type: 'string', default: 'dist/gatehouse-teams.zip' },
      'app-id': { type: 'string' },
      version: { type: 'string' },
    },
  });
  const appId = values['app-id'] ?? loadConfig(readEnv(process.env)).teams?.appId;
  if (!appId)
    throw new GatehouseError(
      'Set TEAMS_APP_ID (or pass --app-id): the Azure Bot’s Microsoft App ID.',
      'config',
    );
  const version =
    values.version ?? (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

  // The registry only needs its dependencies to exist to list the commands; nothing is called.
  const catalog = createIntentCatalog();
  const intents = catalog.intents;
  const zip = buildTeamsPackage({
    appId,
    version,
    intents,
    ...(values.domain ? { domain: values.domain } : {}),
  });
  await catalog.close();

  const out = resolve(values.out!);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(
    `Wrote ${out} (${zip.length} bytes): upload it in Teams → Apps → Manage your apps → Upload an app.`,
  );
}

main().catch((err: unknown) => {
  console.error(
    `Cannot build the Teams package: ${err instanceof GatehouseError ? err.message : String(err)}`,
  );
  process.exit(1);
});
