import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createIntentCatalog } from '../../../adapters/compose-handlers.ts';
import {
  buildTeamsManifest,
  buildTeamsPackage,
  COMMAND_LIMITS,
  type TeamsCommand,
} from '../../../manifest/teams/build-teams-package.ts';
import { drawColorIcon, drawOutlineIcon } from '../../../manifest/teams/draw-icons.ts';
import { ConfigError } from '../../../src/errors.ts';
import { parseCommand } from '../../../src/intents/grammar.ts';
import type { Intent } from '../../../src/intents/intent.ts';

const APP_ID = '8a8a8a8a-0000-4000-8000-00000000b07e';

function registry(): Intent[] {
  return createIntentCatalog().intents;
}

/** Width, height and RGBA pixels of an 8-bit RGBA PNG without filtering (what draw-icons writes). */
function decodePng(png: Uint8Array): { width: number; height: number; pixels: number[][] } {
  const buf = Buffer.from(png);
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < buf.length) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('ascii', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([...data.subarray(8, 10)]).toEqual([8, 6]); // 8-bit RGBA
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const pixels: number[][] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    for (let x = 0; x < width; x++) {
      const i = y * (width * 4 + 1) + 1 + x * 4;
      pixels.push([raw[i]!, raw[i + 1]!, raw[i + 2]!, raw[i + 3]!]);
    }
  }
  return { width, height, pixels };
}

describe('the Teams app package', () => {
  const intents = registry();

  it('zips manifest.json, color.png and outline.png at the root, with the app id and version filled in', () => {
    const files = unzipSync(
      buildTeamsPackage({ appId: APP_ID, version: '1.4.2', intents, domain: 'gatehouse.example.com' }),
    );
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const text = strFromU8(files['manifest.json']!);
    expect(text).not.toContain('{{');
    const manifest = JSON.parse(text);
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifest.$schema).toContain('/v1.17/');
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.version).toBe('1.4.2');
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0]).toMatchObject({ botId: APP_ID, scopes: ['personal', 'team', 'groupChat'] });
    expect(manifest.validDomains).toEqual(['gatehouse.example.com']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.accentColor).toMatch(/^#[0-9A-F]{6}$/i);
    expect(files['color.png']).toEqual(new Uint8Array(readFileSync('manifest/teams/color.png')));
  });

  it('offers a command menu that matches the grammar: every entry is a command or a command group', () => {
    const manifest = buildTeamsManifest({ appId: APP_ID, version: '0.1.0', intents });
    const lists = (
      manifest.bots as Array<{
        scopes: string[];
        commandLists: Array<{ scopes: string[]; commands: TeamsCommand[] }>;
      }>
    )[0]!.commandLists;
    expect(lists).toHaveLength(1);
    expect(lists[0]!.scopes).toEqual(['personal', 'team', 'groupChat']);
    const commands = lists[0]!.commands;
    expect(commands.length).toBeGreaterThan(1);
    expect(commands.length).toBeLessThanOrEqual(COMMAND_LIMITS.commands);
    expect(commands[0]!.title).toBe('help');
    const specs = intents.flatMap((i) => (i.syntax ? [{ name: i.name, syntax: i.syntax }] : []));
    const groups = new Set(specs.map((s) => s.syntax.words[0]!));
    for (const command of commands) {
      expect(command.title.length).toBeLessThanOrEqual(COMMAND_LIMITS.title);
      expect(command.description.length).toBeLessThanOrEqual(COMMAND_LIMITS.description);
      expect(command.description.length).toBeGreaterThan(0);
      const parsed = parseCommand(command.title, specs);
      // A whole command (arguments may still be missing) or a group whose help lists its sub-commands.
      const known =
        command.title === 'help' ||
        specs.some((s) => s.syntax.words.join(' ') === command.title) ||
        (parsed.kind === 'help' && groups.has(command.title));
      expect(known, command.title).toBe(true);
    }
    // While the groups fit, every group of the registry is on the menu.
    if (groups.size + 1 <= COMMAND_LIMITS.commands) {
      for (const group of groups)
        expect(
          commands.some((c) => c.title.split(' ')[0] === group),
          group,
        ).toBe(true);
    }
    expect(manifest.validDomains).toEqual([]);
  });

  it('refuses an app id that is not a GUID, a bad domain or a bad version, naming what to fix', () => {
    expect(() => buildTeamsManifest({ appId: 'gatehouse', version: '0.1.0', intents })).toThrow(ConfigError);
    expect(() =>
      buildTeamsManifest({ appId: APP_ID, version: '0.1.0', intents, domain: 'https://x.example.com' }),
    ).toThrow(/--domain must be a host name/);
    expect(() => buildTeamsManifest({ appId: APP_ID, version: 'one', intents })).toThrow(/version/);
  });

  it('ships icons Teams accepts: 192×192 in full colour, 32×32 white on transparent, as drawn by code', () => {
    const color = decodePng(readFileSync('manifest/teams/color.png'));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect(color.pixels.every((p) => p[3] === 255)).toBe(true);
    const outline = decodePng(readFileSync('manifest/teams/outline.png'));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    expect(outline.pixels.every(([r, g, b]) => r === 255 && g === 255 && b === 255)).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 0)).toBe(true);
    expect(outline.pixels.some((p) => p[3] === 255)).toBe(true);
    expect(readFileSync('manifest/teams/color.png')).toEqual(drawColorIcon());
    expect(readFileSync('manifest/teams/outline.png')).toEqual(drawOutlineIcon());
  });

  it('npm run package:teams writes the zip', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'gh-zip-')), 'gatehouse.zip');
    const { stdout } = await promisify(execFile)(
      'node_modules/.bin/tsx',
      ['scripts/package-teams.ts', '--out', out, '--domain', 'gatehouse.example.com'],
      // A complete Teams configuration: start-up validation refuses a password-less or tenant-less one.
      {
        env: {
          ...process.env,
          TEAMS_APP_ID: APP_ID,
          TEAMS_APP_PASSWORD: 'package-test-secret',
          TEAMS_ALLOWED_TENANTS: 'tenant-1',
        },
      },
    );
    expect(stdout).toContain(out);
    const files = unzipSync(new Uint8Array(readFileSync(out)));
    expect(JSON.parse(strFromU8(files['manifest.json']!)).id).toBe(APP_ID);
  });
});
