import { afterEach, describe, expect, it } from 'vitest';
import { RPORT_PLUS_REQUIRED, rportErrorKind } from '../../../src/vendors/rport/index.ts';
import type { FakeRport } from '../../fakes/rport-server.ts';
import { ADMIN, ADMIN_TOKEN, startRport } from './harness.ts';

let fake: FakeRport | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('rport access and Plus', () => {
  it('reads who the token is and its scope from /me and /me/tokens', async () => {
    const started = await startRport({
      users: [{ user: 'viewer', token: 'rdonly01_5e1d', scope: 'read', groups: ['Ops'] }],
    });
    fake = started.fake;
    expect(await started.api.readAccess()).toEqual({
      username: ADMIN,
      groups: ['Administrators'],
      admin: true,
      commandsPermission: true,
      tokenScope: 'read+write',
    });
    expect(await started.as('viewer', 'rdonly01_5e1d').readAccess()).toMatchObject({
      admin: false,
      commandsPermission: false,
      tokenScope: 'read',
    });
    expect(ADMIN_TOKEN.startsWith('k3Xa9QzT')).toBe(true);
  });

  it('a 404 on /monitoring/problems is "no Plus", not "no problems"', async () => {
    const started = await startRport({ plus: false });
    fake = started.fake;
    const err = await started.api.listProblems({ active: true }).catch((e: unknown) => e);
    expect(rportErrorKind(err)).toBe('plus_required');
    expect((err as Error).message).toBe(RPORT_PLUS_REQUIRED);
    const withPlus = await startRport();
    expect((await withPlus.api.listProblems({ active: true })).problems.length).toBeGreaterThan(0);
    await withPlus.fake.close();
  });
});
