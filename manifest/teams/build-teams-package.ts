import { readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { ConfigError } from '../../src/errors.ts';
import type { Intent } from '../../src/intents/intent.ts';

/** Teams manifest limits for bot command lists (schema v1.17). */
export const COMMAND_LIMITS = { commands: 10, title: 32, description: 128 } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

const here = (file: string) => new URL(`./${file}`, import.meta.url);

export interface TeamsCommand {
  title: string;
  description: string;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The bot's command menu from the intent registry: one entry per text command while they fit in Teams'
 * ten, otherwise one per command group (`rport` with its sub-commands), always starting with help.
 * Titles are what Teams puts in the compose box, so each is text the shared grammar reads.
 */
export function teamsCommands(intents: readonly Intent[]): TeamsCommand[] {
  const commands = intents.filter((i) => i.syntax && i.name !== 'help');
  const help: TeamsCommand = { title: 'help', description: 'list the commands you may use' };
  const single = commands.map((i) => ({ title: i.syntax!.words.join(' '), description: i.summary }));
  let list: TeamsCommand[];
  if (single.length + 1 <= COMMAND_LIMITS.commands) {
    list = single;
  } else {
    const groups = new Map<string, Intent[]>();
    for (const i of commands) {
      const first = i.syntax!.words[0]!;
      groups.set(first, [...(groups.get(first) ?? []), i]);
    }
    list = [...groups].map(([first, members]) =>
      members.length === 1
        ? { title: members[0]!.syntax!.words.join(' '), description: members[0]!.summary }
        : {
            title: first,
            description: `${first} ${members.map((m) => m.syntax!.words.slice(1).join(' ') || '…').join(' | ')}: type help ${first} for details`,
          },
    );
  }
  return [help, ...list].slice(0, COMMAND_LIMITS.commands).map((c) => ({
    title: clip(c.title, COMMAND_LIMITS.title),
    description: clip(c.description, COMMAND_LIMITS.description),
  }));
}

export interface TeamsPackageOptions {
  /** The Azure Bot's Microsoft App ID (TEAMS_APP_ID): the app id and the bot id. */
  appId: string;
  /** The app version Teams shows; bump it for every upload. */
  version: string;
  intents: readonly Intent[];
  /** The public host of the messaging endpoint (https://<domain>/api/messages), for validDomains. */
  domain?: string;
}

/** manifest.json with the app id, version, command menu and domain filled in. */
export function buildTeamsManifest(options: TeamsPackageOptions): Record<string, unknown> {
  if (!GUID.test(options.appId))
    throw new ConfigError(
      `TEAMS_APP_ID must be the bot's Microsoft App ID (a GUID), not "${options.appId}".`,
    );
  if (options.domain !== undefined && !HOST.test(options.domain))
    throw new ConfigError(
      `--domain must be a host name like gatehouse.example.com, not "${options.domain}".`,
    );
  if (!/^\d+\.\d+\.\d+$/.test(options.version))
    throw new ConfigError(`The app version must look like 1.2.3, not "${options.version}".`);
  const source = readFileSync(here('manifest.json'), 'utf8')
    .replaceAll('{{TEAMS_APP_ID}}', options.appId)
    .replaceAll('{{VERSION}}', options.version);
  const manifest = JSON.parse(source) as Record<string, unknown> & { bots: Array<Record<string, unknown>> };
  const commands = teamsCommands(options.intents);
  manifest.bots = manifest.bots.map((bot) => ({
    ...bot,
    commandLists: [{ scopes: bot.scopes, commands }],
  }));
  manifest.validDomains = options.domain ? [options.domain] : [];
  return manifest;
}

/** The zip an admin uploads: manifest.json, color.png and outline.png at its root. */
export function buildTeamsPackage(options: TeamsPackageOptions): Uint8Array {
  const manifest = buildTeamsManifest(options);
  return zipSync(
    {
      'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
      'color.png': readFileSync(here('color.png')),
      'outline.png': readFileSync(here('outline.png')),
    },
    { level: 9 },
  );
}
