import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load-config.ts';

interface Manifest {
  features: { slash_commands: Array<{ command: string; url: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

const manifest = parse(readFileSync('manifest/slack.yaml', 'utf8')) as Manifest;

describe('manifest/slack.yaml', () => {
  it('declares the default slash command and points every URL at /slack/events', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([
      loadConfig({}).slack?.command ?? '/pam',
    ]);
    const urls = [
      manifest.features.slash_commands[0]!.url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe('/slack/events');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks for every scope the Slack adapter uses', () => {
    const source = [
      'adapters/slack/slack-messenger.ts',
      'adapters/slack/resolve-slack-actor.ts',
      'adapters/slack/create-slack-adapter.ts',
    ]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const needs: Array<[string, string]> = [
      ['chat.postMessage', 'chat:write'],
      ['chat.postEphemeral', 'chat:write'],
      ['conversations.join', 'channels:join'],
      ['conversations.open', 'im:write'],
      ['users.info', 'users:read'],
      ['users.lookupByEmail', 'users:read.email'],
      ['filesUploadV2', 'files:write'],
      ["app.event('app_mention'", 'app_mentions:read'],
      ['app.message(', 'im:history'],
    ];
    // Every call in the table is one the adapter makes (a stale row fails here), and its scope is asked for.
    for (const [call, scope] of needs) {
      expect(source, `the Slack adapter no longer calls ${call}; update this table`).toContain(call);
      expect(manifest.oauth_config.scopes.bot, `${call} needs ${scope}`).toContain(scope);
    }
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(['app_mention', 'message.im']),
    );
  });
});
