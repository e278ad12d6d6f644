import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { RateLimitedError, VendorError } from '../../../src/errors.ts';
import {
  createRportClient,
  RportError,
  type RportErrorKind,
  RportRateLimitedError,
  rportErrorKind,
} from '../../../src/vendors/rport/index.ts';
import type { FakeRport } from '../../fakes/rport-server.ts';
import { ADMIN_TOKEN, startRport } from './harness.ts';

let fake: FakeRport | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const VIEWER_TOKEN = 'rEaD0nLy_1b2c3d4e-0000-4000-8000-000000000001';
const OPERATOR_TOKEN = 'oPeRaToR_1b2c3d4e-0000-4000-8000-000000000002';
const AUDITOR_TOKEN = 'aUdItOr1_1b2c3d4e-0000-4000-8000-000000000003';
const TOKENS = [ADMIN_TOKEN, VIEWER_TOKEN, OPERATOR_TOKEN, AUDITOR_TOKEN];

async function setup(options: Parameters<typeof startRport>[0] = {}) {
  const started = await startRport({
    users: [
      { user: 'viewer', token: VIEWER_TOKEN, scope: 'read', groups: ['Administrators'] },
      { user: 'operator', token: OPERATOR_TOKEN, groups: ['operators'], permissions: ['commands'] },
      { user: 'auditor', token: AUDITOR_TOKEN, groups: ['operators'], permissions: [] },
    ],
    ...options,
  });
  fake = started.fake;
  return started;
}

/** The rejection, checked to be a RportError (or the rate-limit one) that leaks no token. */
async function failure(promise: Promise<unknown>, kind: RportErrorKind): Promise<VendorError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(VendorError);
  expect(rportErrorKind(err)).toBe(kind);
  const { message } = err as VendorError;
  expect(message).toMatch(/rport/);
  for (const token of TOKENS) expect(message).not.toContain(token);
  return err as VendorError;
}

describe('rport failures become one clear sentence each', () => {
  it('401: bad credentials, with no WWW-Authenticate challenge from the server', async () => {
    const { as } = await setup();
    const err = await failure(as('admin', 'wrong_token').listClients(), 'auth');
    expect(err.message).toBe('rport refused the credentials (401): check RPORT_USER and RPORT_TOKEN.');
    expect(err.status).toBe(401);
    const raw = await fetch(`${fake!.url}/api/v1/clients`);
    expect(raw.status).toBe(401);
    expect(raw.headers.get('www-authenticate')).toBeNull();
    expect(await raw.json()).toEqual({ errors: [{ code: '', title: 'unauthorized', detail: '' }] });
  });

  it('403: no access to the client, distinct from a missing permission', async () => {
    const { as } = await setup();
    const denied = await failure(
      as('operator', OPERATOR_TOKEN).runCommand('fra-db-01', { command: 'id' }),
      'forbidden',
    );
    expect(denied.message).toMatch(/denied the rport user access to client fra-db-01 \(403\)/);

    const noPerm = await failure(
      as('auditor', AUDITOR_TOKEN).runCommand('fra-web-01', { command: 'id' }),
      'no_permission',
    );
    expect(noPerm.message).toBe(
      'The rport user does not have the "commands" permission (403): ask an rport administrator to grant it to one of the user\'s groups.',
    );
    expect(denied.message).not.toBe(noPerm.message);
    // The operator may run where its group is allowed.
    await expect(
      as('operator', OPERATOR_TOKEN).runCommand('fra-web-01', { command: 'id' }),
    ).resolves.toHaveProperty('jid');
  });

  it('404: an unknown client, a disconnected one, and a paused one each say what happened', async () => {
    const { api } = await setup();
    const unknown = await failure(api.runCommand('no-such-box', { command: 'uptime' }), 'not_found');
    expect(unknown.message).toBe('rport has no client no-such-box (404): check the id with "rport clients".');

    const offline = await failure(api.runCommand('ams-db-02', { command: 'uptime' }), 'disconnected');
    expect(offline.message).toMatch(/client ams-db-02 is not connected, so nothing was run \(404\)/);

    fake!.setClientPaused('fra-web-02', 'maintenance window');
    const paused = await failure(api.runCommand('fra-web-02', { command: 'uptime' }), 'paused');
    expect(paused.message).toBe(
      'rport client fra-web-02 is paused and runs no commands (404): maintenance window.',
    );

    fake!.setClientOnline('ams-db-02', true);
    await expect(api.runCommand('ams-db-02', { command: 'uptime' })).resolves.toHaveProperty('jid');
  });

  it('404: an unknown job', async () => {
    const { api } = await setup();
    const err = await failure(api.getJob('fra-web-01', 'no-such-job'), 'not_found');
    expect(err.message).toMatch(/Job\[id="no-such-job"\] not found/);
  });

  it('409: a busy client, or one whose restrictions refuse the command, with the client’s words', async () => {
    const { api } = await setup({ jobDurationMs: 60_000 });
    await api.runCommand('fra-web-01', { command: 'apt-get -y upgrade' });
    const busy = await failure(api.runCommand('fra-web-01', { command: 'uptime' }), 'busy');
    expect(busy.message).toBe(
      'rport client fra-web-01 refused the command (409): a previous command is still running.',
    );
    expect(busy.code).toBe('conflict');

    fake!.denyCommands('fra-web-02', /^rm\b/);
    const refused = await failure(api.runCommand('fra-web-02', { command: 'rm -rf /tmp/cache' }), 'busy');
    expect(refused.message).toMatch(/\(409\): command is not allowed: rm -rf \/tmp\/cache\.$/);
  });

  it('500: a read-only token on a write call says to create a read+write token', async () => {
    const { as } = await setup();
    const viewer = as('viewer', VIEWER_TOKEN);
    await expect(viewer.listClients()).resolves.toHaveProperty('total', 5);
    const err = await failure(viewer.runCommand('fra-web-01', { command: 'uptime' }), 'scope');
    expect(err.message).toContain(
      'the rport API token lacks read+write scope: create a token with scope read+write',
    );
    expect(err.status).toBe(500);
  });

  it('429: the brute-force ban is a RateLimitedError', async () => {
    const { api, as } = await setup({ banAfterFailures: 2 });
    await failure(as('admin', 'guess_1').listClients(), 'auth');
    await failure(as('admin', 'guess_2').listClients(), 'auth');
    const err = await failure(api.listClients(), 'rate_limited');
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(err).toBeInstanceOf(RportRateLimitedError);
    expect((err as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
  });

  it('reads title and detail from the error envelope', async () => {
    const { api } = await setup();
    fake!.failNext(500, 'Failed to persist a new job.', 'database is locked');
    const err = await failure(api.runCommand('fra-web-01', { command: 'uptime' }), 'server');
    expect(err.message).toBe(
      'rport failed to run the command (500): Failed to persist a new job (database is locked).',
    );
    expect(err).toBeInstanceOf(RportError);
    expect((err as RportError).title).toBe('Failed to persist a new job.');
    expect((err as RportError).detail).toBe('database is locked');

    fake!.failNext(400, 'Invalid interpreter.', 'expected interpreter to be one of: cmd, powershell');
    const bad = await failure(api.runCommand('fra-win-01', { command: 'dir' }), 'bad_request');
    expect(bad.message).toMatch(
      /\(400\): Invalid interpreter \(expected interpreter to be one of: cmd, powershell\)\.$/,
    );
    expect(bad.code).toBe('bad_input');
  });

  it('never repeats the token, even if the server echoes it', async () => {
    const { api } = await setup();
    fake!.failNext(500, `token ${ADMIN_TOKEN} rejected`);
    const err = await failure(api.listClients(), 'server');
    expect(err.message).toContain('[redacted]');
  });

  it('sends the credentials as HTTP Basic on every call', async () => {
    const { api } = await setup();
    await api.listClients();
    await api.getClient('fra-web-01');
    await api.listProblems();
    expect(fake!.calls.map((c) => c.user)).toEqual(['admin', 'admin', 'admin']);
  });

  it('explains an error body that is not rport’s envelope, and records the failure in metrics', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get('http://rport.test')
      .intercept({ path: (p) => p.startsWith('/api/v1/clients'), method: 'GET' })
      .reply(502, '<html>Bad gateway</html>', { headers: { 'content-type': 'text/html' } });
    const observed: Array<{ operation: string; error?: string }> = [];
    const api = createRportClient({
      baseUrl: 'http://rport.test/',
      user: 'admin',
      token: ADMIN_TOKEN,
      dispatcher: agent,
      metrics: { observe: (call) => observed.push(call) },
    });
    const err = await failure(api.listClients(), 'server');
    expect(err.message).toBe('rport failed to list clients (502).');
    expect(observed).toEqual([expect.objectContaining({ operation: 'clients.list', error: 'http_502' })]);
    await agent.close();
  });
});
