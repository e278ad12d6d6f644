import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, readEnv } from '../../src/config/load-config.ts';
import { ConfigError } from '../../src/errors.ts';

const rport = { RPORT_URL: 'https://rport.example.com', RPORT_USER: 'bot', RPORT_TOKEN: 'abcd1234_token' };

describe('loadConfig', () => {
  it('turns everything off when nothing is set, with sane defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      logLevel: 'info',
      storeUrl: 'sqlite://./data/gatehouse.sqlite',
      policyFile: './policy.yaml',
    });
    expect(c.slack).toBeUndefined();
    expect(c.rport).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('turns a vendor on when its variables are all set', () => {
    expect(loadConfig(rport).rport).toEqual({
      url: 'https://rport.example.com',
      user: 'bot',
      token: 'abcd1234_token',
      alertsPollSeconds: 60,
    });
  });

  it.each([
    [{ ...rport, RPORT_TOKEN: undefined }, /^RPORT_TOKEN is missing: RPORT_URL, RPORT_USER are set/],
    [{ PORT: 'eighty' }, /^PORT /],
    [{ RPORT_URL: 'ftp://x', RPORT_USER: 'a', RPORT_TOKEN: 'b' }, /^RPORT_URL must be an http\(s\) URL/],
    [{ STORE_URL: 'mysql://x' }, /^STORE_URL must be sqlite/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user' }, /^SLACK_BOT_TOKEN must be a bot token/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET is missing/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL /],
    [
      { PMC_POLL_SECONDS: '0', PMC_URL: 'https://p', PMC_CLIENT_ID: 'a', PMC_CLIENT_SECRET: 'b' },
      /^PMC_POLL_SECONDS must be at least 1/,
    ],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadConfig(env as Record<string, string>)).toThrow(ConfigError);
    expect(() => loadConfig(env as Record<string, string>)).toThrow(message);
  });

  it('accepts Socket Mode without a signing secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack).toMatchObject({
      appToken: 'xapp-1',
      command: '/pam',
    });
  });

  it('reads .env under the real environment, which wins', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'gh-env-')), '.env');
    writeFileSync(file, 'PORT=4000\nLOG_LEVEL=debug\n');
    expect(readEnv({ LOG_LEVEL: 'warn' }, file)).toMatchObject({ PORT: '4000', LOG_LEVEL: 'warn' });
    expect(readEnv({}, join(tmpdir(), 'does-not-exist.env'))).toEqual({});
  });
});

describe('loadConfig: Teams trust settings', () => {
  const app = { TEAMS_APP_ID: '00000000-0000-4000-8000-00000000b07e' };

  it('refuses Teams without TEAMS_APP_PASSWORD, naming it, unless unauthenticated mode is asked for', () => {
    expect(() => loadConfig({ ...app, TEAMS_ALLOWED_TENANTS: 't1' })).toThrow(
      /^TEAMS_APP_PASSWORD is missing/,
    );
    expect(() => loadConfig({ ...app, TEAMS_APP_PASSWORD: '', TEAMS_ALLOWED_TENANTS: 't1' })).toThrow(
      /^TEAMS_APP_PASSWORD/,
    );
    expect(
      loadConfig({ ...app, TEAMS_ALLOWED_TENANTS: 't1', TEAMS_ALLOW_UNAUTHENTICATED: 'true' }).teams,
    ).toMatchObject({ allowUnauthenticated: true, allowedTenants: ['t1'] });
    expect(() =>
      loadConfig({ ...app, TEAMS_ALLOWED_TENANTS: 't1', TEAMS_ALLOW_UNAUTHENTICATED: 'yes' }),
    ).toThrow(/^TEAMS_ALLOW_UNAUTHENTICATED must be true or false/);
  });

  it('needs the tenants it serves: TEAMS_ALLOWED_TENANTS, else TEAMS_APP_TENANT_ID', () => {
    const withPassword = { ...app, TEAMS_APP_PASSWORD: 'pw' };
    expect(() => loadConfig(withPassword)).toThrow(/^TEAMS_ALLOWED_TENANTS is missing/);
    expect(loadConfig({ ...withPassword, TEAMS_APP_TENANT_ID: 'home' }).teams?.allowedTenants).toEqual([
      'home',
    ]);
    expect(
      loadConfig({ ...withPassword, TEAMS_APP_TENANT_ID: 'home', TEAMS_ALLOWED_TENANTS: ' a, b ,' }).teams,
    ).toMatchObject({ allowedTenants: ['a', 'b'], allowUnauthenticated: false });
  });

  it('reads TEAMS_SERVICE_URLS as a list of URLs', () => {
    const base = { ...app, TEAMS_APP_PASSWORD: 'pw', TEAMS_ALLOWED_TENANTS: 't1' };
    expect(loadConfig(base).teams?.serviceUrls).toBeUndefined();
    expect(
      loadConfig({ ...base, TEAMS_SERVICE_URLS: 'http://127.0.0.1:3978/, https://smba.example/x' }).teams
        ?.serviceUrls,
    ).toEqual(['http://127.0.0.1:3978/', 'https://smba.example/x']);
    expect(() => loadConfig({ ...base, TEAMS_SERVICE_URLS: 'ftp://x' })).toThrow(/^TEAMS_SERVICE_URLS /);
  });
});

describe('limits', () => {
  it('takes the per-person command limit and the work bound, with defaults, and names a bad value', () => {
    expect(loadConfig({})).toMatchObject({ commandsPerMinute: 30, maxWorkInFlight: 64 });
    expect(loadConfig({ COMMANDS_PER_MINUTE: '120', MAX_WORK_IN_FLIGHT: '8' })).toMatchObject({
      commandsPerMinute: 120,
      maxWorkInFlight: 8,
    });
    expect(() => loadConfig({ COMMANDS_PER_MINUTE: '0' })).toThrow(/^COMMANDS_PER_MINUTE must be at least 1/);
  });
});
