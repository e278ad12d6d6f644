import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { checkActivity } from '../../../adapters/teams/check-activity.ts';
import { createServiceUrlCheck, DEFAULT_TEAMS_SERVICE_URLS } from '../../../adapters/teams/service-urls.ts';

describe('service URL allow list', () => {
  const microsoft = createServiceUrlCheck();

  it("allows Microsoft's documented Teams hosts, public and sovereign, by default", () => {
    expect(DEFAULT_TEAMS_SERVICE_URLS).toContain('https://smba.trafficmanager.net/');
    for (const url of [
      'https://smba.trafficmanager.net/amer/',
      'https://smba.trafficmanager.net/emea/',
      'https://smba.trafficmanager.net/teams/',
      'https://smba.infra.gcc.teams.microsoft.com/teams',
      'https://smba.infra.gov.teams.microsoft.us/teams',
      'https://smba.infra.dod.teams.microsoft.us/teams',
    ])
      expect(microsoft(url), url).toBe(true);
  });

  it('refuses every other place, however it is dressed up', () => {
    for (const url of [
      'https://evil.example/',
      'http://smba.trafficmanager.net/amer/',
      'https://smba.trafficmanager.net.evil.example/',
      'https://smba.trafficmanager.net@evil.example/',
      'https://user:pw@smba.trafficmanager.net/amer/',
      'https://smba.trafficmanager.net:8443/amer/',
      'https://evil.example/https://smba.trafficmanager.net/',
      'file:///etc/passwd',
      'not a url',
      '',
      undefined,
      42,
    ])
      expect(microsoft(url), String(url)).toBe(false);
  });

  it('TEAMS_SERVICE_URLS replaces the list; a path limits it to that path', () => {
    const local = createServiceUrlCheck(['http://127.0.0.1:3978/connector']);
    expect(local('http://127.0.0.1:3978/connector/')).toBe(true);
    expect(local('http://127.0.0.1:3978/connector/v3')).toBe(true);
    expect(local('http://127.0.0.1:3978/connectorx/')).toBe(false);
    expect(local('http://127.0.0.1:3978/connector/../other/')).toBe(false);
    expect(local('https://smba.trafficmanager.net/amer/')).toBe(false);
  });
});

describe('checkActivity', () => {
  const settings = {
    allowedTenants: ['tenant-1'],
    isAllowedServiceUrl: createServiceUrlCheck(['http://127.0.0.1:1/']),
    unauthenticated: false,
  };
  const activity = (over: Record<string, unknown> = {}) =>
    ({
      type: 'message',
      channelId: 'msteams',
      serviceUrl: 'http://127.0.0.1:1/',
      conversation: { id: 'a:1', tenantId: 'tenant-1' },
      channelData: { tenant: { id: 'tenant-1' } },
      ...over,
    }) as unknown as Activity;

  it('passes a Teams activity of a served tenant from an allowed service URL', () => {
    expect(checkActivity(activity(), settings)).toEqual({ ok: true });
  });

  it('refuses the emulator channel unless unauthenticated local mode is on', () => {
    const emulator = activity({ channelId: 'emulator', channelData: {}, conversation: { id: 'c' } });
    expect(checkActivity(emulator, settings).ok).toBe(false);
    expect(checkActivity(emulator, { ...settings, unauthenticated: true })).toEqual({ ok: true });
  });

  it.each([
    ['another channel', { channelId: 'slack' }],
    ['another service URL', { serviceUrl: 'http://127.0.0.1:2/' }],
    ['no tenant', { channelData: {}, conversation: { id: 'a:1' } }],
    ['another tenant', { channelData: { tenant: { id: 'tenant-2' } } }],
    ['tenants that disagree', { conversation: { id: 'a:1', tenantId: 'tenant-2' } }],
  ])('refuses %s', (_what, over) => {
    expect(checkActivity(activity(over), settings).ok).toBe(false);
  });
});
