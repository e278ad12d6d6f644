import { afterEach, describe, expect, it } from 'vitest';
import { BadInputError } from '../../../src/errors.ts';
import { CLIENT_FIELDS, type RportClient } from '../../../src/vendors/rport/index.ts';
import type { FakeClient, FakeRport } from '../../fakes/rport-server.ts';
import { ADMIN, startRport } from './harness.ts';

let fake: FakeRport | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const ids = (clients: RportClient[]) => clients.map((c) => c.id);

describe('rport clients', () => {
  it('asks for the fields it needs and gets state, tags, groups and OS back', async () => {
    const started = await startRport();
    fake = started.fake;
    const { clients, total } = await started.api.listClients();

    expect(total).toBe(5);
    expect(fake.calls[0]!.query['fields[clients]']).toBe(CLIENT_FIELDS.join(','));
    const db02 = clients.find((c) => c.id === 'ams-db-02')!;
    expect(db02).toMatchObject({
      name: 'db-02',
      connectionState: 'disconnected',
      tags: ['prod', 'db', 'postgres'],
      groups: ['db-servers'],
      osKernel: 'linux',
    });
    expect(db02.disconnectedAt).not.toBeNull();
    const win = clients.find((c) => c.id === 'fra-win-01')!;
    expect(win).toMatchObject({
      connectionState: 'connected',
      osFullName: 'Microsoft Windows Server 2019 Standard',
    });
    expect(win.groups).toEqual([]);
  });

  it('without fields[clients] rport sends only id, name and hostname (why the client asks)', async () => {
    const started = await startRport();
    fake = started.fake;
    const res = await fetch(`${fake.url}/api/v1/clients`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${ADMIN}:${fake.state.users[0]!.token}`).toString('base64')}`,
      },
    });
    const body = (await res.json()) as { data: Array<Record<string, unknown>> };
    expect(Object.keys(body.data[0]!).sort()).toEqual(['hostname', 'id', 'name']);
  });

  it('filters by name with a case-insensitive wildcard, by tags, groups and connection state', async () => {
    const started = await startRport();
    fake = started.fake;
    const { api } = started;

    expect(ids((await api.listClients({ filter: { name: 'WEB-*' } })).clients)).toEqual([
      'fra-web-01',
      'fra-web-02',
    ]);
    expect(ids((await api.listClients({ filter: { tags: 'and(prod,db)' } })).clients)).toEqual([
      'ams-db-02',
      'fra-db-01',
    ]);
    expect(ids((await api.listClients({ filter: { tags: 'windows,nginx' } })).clients)).toEqual([
      'fra-web-01',
      'fra-web-02',
      'fra-win-01',
    ]);
    expect(ids((await api.listClients({ filter: { groups: 'db-servers' } })).clients)).toEqual([
      'ams-db-02',
      'fra-db-01',
    ]);
    const offline = await api.listClients({ filter: { connection_state: 'disconnected' } });
    expect(ids(offline.clients)).toEqual(['ams-db-02']);
    expect(offline.total).toBe(1);
  });

  it('searches id, name and hostname for free text', async () => {
    const started = await startRport();
    fake = started.fake;
    const { clients } = await started.api.listClients({ search: 'app' });
    expect(ids(clients)).toEqual(['fra-win-01']);
    expect(fake.calls[0]!.query['filter[id|name|hostname]']).toBe('*app*');
  });

  it('sorts and pages, reporting the total before paging', async () => {
    const started = await startRport();
    fake = started.fake;
    const { api } = started;
    const first = await api.listClients({ sort: '-name', limit: 2 });
    const second = await api.listClients({ sort: '-name', limit: 2, offset: 2 });
    expect(first.clients.map((c) => c.name)).toEqual(['win-app-01', 'web-02']);
    expect(second.clients.map((c) => c.name)).toEqual(['web-01', 'db-02']);
    expect(first.total).toBe(5);
    expect(fake.calls[1]!.query).toMatchObject({ sort: '-name', 'page[limit]': '2', 'page[offset]': '2' });
  });

  it('follows pages to list every client', async () => {
    const started = await startRport({ seed: { clients: manyClients(1203) } });
    fake = started.fake;
    const all = await started.api.listAllClients({ tags: 'bulk' });
    expect(all).toHaveLength(1203);
    expect(new Set(ids(all)).size).toBe(1203);
    expect(fake.calls.map((c) => c.query['page[offset]'])).toEqual(['0', '500', '1000']);
  });

  it('refuses a page size rport would reject, before calling', async () => {
    const started = await startRport();
    fake = started.fake;
    await expect(started.api.listClients({ limit: 501 })).rejects.toBeInstanceOf(BadInputError);
    expect(fake.calls).toHaveLength(0);
  });

  it('gets one client with all its fields', async () => {
    const started = await startRport();
    fake = started.fake;
    const client = await started.api.getClient('fra-web-02');
    expect(client).toMatchObject({
      id: 'fra-web-02',
      hostname: 'web-02.fra.example.net',
      connectionState: 'connected',
      groups: ['web-servers'],
      ipv4: ['10.20.1.12'],
    });
    expect(fake.calls[0]!.path).toBe('/clients/fra-web-02');
  });

  it('lists client groups and reads a group with its members', async () => {
    const started = await startRport();
    fake = started.fake;
    const groups = await started.api.listClientGroups();
    expect(groups.map((g) => g.id).sort()).toEqual(['db-servers', 'web-servers']);
    expect(fake.calls[0]!.path).toBe('/client-groups');

    const web = await started.api.getClientGroup('web-servers');
    expect(web).toMatchObject({ id: 'web-servers', description: 'Production web servers' });
    expect(web.clientIds).toEqual(['fra-web-01', 'fra-web-02']);
  });
});

function manyClients(n: number): FakeClient[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `bulk-${String(i).padStart(4, '0')}`,
    name: `bulk-${i}`,
    hostname: `bulk-${i}.example.net`,
    os: 'Linux',
    os_full_name: 'Debian GNU/Linux 12',
    os_kernel: 'linux',
    os_family: 'debian',
    os_arch: 'amd64',
    os_version: '12',
    version: '0.9.12',
    address: '10.0.0.1:1',
    ipv4: [],
    ipv6: [],
    tags: ['bulk'],
    labels: {},
    num_cpus: 1,
    mem_total: 1,
    timezone: 'UTC',
    client_auth_id: 'bulk',
    allowed_user_groups: [],
    connection_state: 'connected',
    disconnected_at: null,
    last_heartbeat_at: '2024-01-01T00:00:00Z',
  }));
}
