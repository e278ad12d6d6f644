import { type RportApi, rportErrorKind } from '../../src/vendors/rport/index.ts';
import { attempt, type DoctorLine, fail, ok, warn } from './doctor-line.ts';

const RPORT = 'rport';

/** The token authenticates (`/me`); clients page; the token may run commands; Plus alerting is there. */
export async function checkRport(rport: RportApi): Promise<DoctorLine[]> {
  let access: Awaited<ReturnType<RportApi['readAccess']>> | undefined;
  const auth = await attempt(RPORT, 'token', async () => {
    access = await rport.readAccess();
    return `authenticates as ${access.username}${access.admin ? ' (Administrators)' : ''}`;
  });
  if (auth.status === 'fail' || !access) return [auth];
  const clients = await attempt(RPORT, 'clients', async () => {
    const first = await rport.listClients({ limit: 1, offset: 0 });
    if (first.total > 1) await rport.listClients({ limit: 1, offset: 1 });
    return `${first.total} visible, paged with page[limit]/page[offset]`;
  });
  return [auth, clients, commandsLine(access), await plusLine(rport)];
}

function commandsLine(a: NonNullable<Awaited<ReturnType<RportApi['readAccess']>>>): DoctorLine {
  if (a.tokenScope !== undefined && a.tokenScope !== 'read+write') {
    return fail(
      RPORT,
      'commands',
      `RPORT_TOKEN has scope ${a.tokenScope}, so rport refuses every command: create a token with scope read+write (POST /api/v1/me/tokens) and set RPORT_TOKEN.`,
    );
  }
  if (a.commandsPermission === false) {
    return fail(
      RPORT,
      'commands',
      `${a.username} lacks the "commands" group permission: grant it to one of the user's groups in rport.`,
    );
  }
  if (a.tokenScope === undefined) {
    return warn(
      RPORT,
      'commands',
      'rportd did not list this token’s scope: check by hand that RPORT_TOKEN is read+write.',
    );
  }
  return ok(RPORT, 'commands', 'the token’s scope is read+write: commands are allowed');
}

async function plusLine(rport: RportApi): Promise<DoctorLine> {
  try {
    await rport.listProblems({ active: true, limit: 1 });
    return ok(RPORT, 'alerting', 'Rport Plus alerting answers: rport problems become alerts');
  } catch (err) {
    if (rportErrorKind(err) === 'plus_required') {
      return fail(
        RPORT,
        'alerting',
        'rport alerting needs Rport Plus; rport problems will not become alerts: enable the Plus plug-in in rportd, or ignore this if you want no rport alerts.',
      );
    }
    return attempt(RPORT, 'alerting', () => Promise.reject(err));
  }
}
