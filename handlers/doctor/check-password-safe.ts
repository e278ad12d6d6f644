import type { PasswordSafeClient } from '../../src/vendors/password-safe/index.ts';
import { attempt, type DoctorLine, plural } from './doctor-line.ts';

const PS = 'Password Safe';

/** Sign in (with the first read), read Sessions and UserGroups as the run-as user, sign out. */
export async function checkPasswordSafe(ps: PasswordSafeClient): Promise<DoctorLine[]> {
  const sessions = await attempt(PS, 'sign in and read Sessions', async () => {
    const live = await ps.listSessions({ status: [1] });
    return `signed in as PS_RUNAS; ${plural(live.length, 'session')} in progress`;
  });
  if (sessions.status === 'fail') return [sessions];
  const groups = await attempt(PS, 'read UserGroups', async () => {
    await ps.findUserGroup('Administrators');
    return 'the run-as user can read user groups';
  });
  const signOut = await attempt(PS, 'sign out', async () => {
    await ps.signOut();
    return 'signed out';
  });
  return [sessions, groups, signOut];
}
