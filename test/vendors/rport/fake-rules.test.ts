import { afterEach, describe, expect, it } from 'vitest';
import type { FakeRport } from '../../fakes/rport-server.ts';
import { ADMIN, ADMIN_TOKEN, startRport, waitForJob, waitForMultiJob } from './harness.ts';

/**
 * The fake enforces rport's rules (so the client tests mean something), and everything our client sends
 * passes them: no 400 `Invalid JSON data.` is ever provoked by it.
 */

let fake: FakeRport | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const auth = { authorization: `Basic ${Buffer.from(`${ADMIN}:${ADMIN_TOKEN}`).toString('base64')}` };

async function post(path: string, body: string) {
  const res = await fetch(`${fake!.url}/api/v1${path}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body,
  });
  return {
    status: res.status,
    body: (await res.json()) as { errors?: Array<{ title: string; detail: string }> },
  };
}

describe('fake rport enforces the documented request rules', () => {
  it('rejects unknown body keys, an empty body and an empty command like rportd', async () => {
    fake = (await startRport()).fake;
    const unknown = await post('/clients/fra-web-01/commands', JSON.stringify({ command: 'id', sudo: true }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors![0]).toEqual({
      code: '',
      title: 'Invalid JSON data.',
      detail: 'json: unknown field "sudo"',
    });

    const camel = await post('/commands', JSON.stringify({ command: 'id', clientIds: ['fra-web-01'] }));
    expect(camel.body.errors![0]!.detail).toBe('json: unknown field "clientIds"');

    expect((await post('/clients/fra-web-01/commands', '')).body.errors![0]!.title).toBe(
      'Missing body with json data.',
    );
    expect((await post('/clients/fra-web-01/commands', '{"command":" "}')).body.errors![0]!.title).toBe(
      'Command cannot be empty.',
    );
    expect((await post('/commands', '{"command":"id"}')).body.errors![0]!.title).toBe(
      'Missing targeting parameters.',
    );
    expect((await post('/commands', '{"command":"id","group_ids":["nope"]}')).body.errors![0]!.title).toBe(
      'Unknown group with id="nope".',
    );
  });

  it('rejects an unsupported filter, sort, field or page size with 400', async () => {
    fake = (await startRport()).fake;
    for (const query of ['filter[colour]=red', 'sort=cpu', 'fields[clients]=id,secret', 'page[limit]=501']) {
      const res = await fetch(`${fake.url}/api/v1/clients?${query}`, { headers: auth });
      expect(res.status, query).toBe(400);
    }
  });

  it('accepts every body and query the client sends', async () => {
    const started = await startRport();
    fake = started.fake;
    const { api } = started;
    await api.listClients({
      filter: { tags: 'or(web,db)' },
      search: 'fra',
      sort: 'hostname',
      limit: 3,
      offset: 1,
    });
    await api.listAllClients({ connection_state: 'connected' });
    await api.listClientGroups();
    await api.getClientGroup('db-servers');
    const single = await api.runCommand('fra-web-01', {
      command: 'uptime',
      interpreter: 'sh',
      cwd: '/',
      isSudo: false,
      timeoutSec: 10,
    });
    await waitForJob(api, 'fra-web-01', single.jid);
    const multi = await api.runMultiCommand({
      clientIds: ['fra-web-02'],
      groupIds: ['db-servers'],
      command: 'uptime',
      interpreter: 'sh',
      cwd: '/',
      isSudo: true,
      timeoutSec: 10,
      executeConcurrently: false,
      abortOnError: false,
    });
    await waitForMultiJob(api, multi.jid, 3);
    await api.listProblems({ active: false, clientId: 'fra-*', sort: 'rule_id', limit: 10, offset: 0 });
    await api.resolveProblem('2a7d4e9b-13c8-4f6a-8e2d-5b1f0c9a3e22');
    expect(fake.calls.length).toBeGreaterThan(8);
    // Every call authenticated and succeeded: none was refused by the fake's rules.
    expect(fake.calls.every((c) => c.user === ADMIN)).toBe(true);
  });
});
