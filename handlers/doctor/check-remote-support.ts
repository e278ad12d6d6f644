import { hasFullCommandAccess, type RemoteSupportClient } from '../../src/vendors/remote-support/index.ts';
import { attempt, type DoctorLine, fail, ok, plural, warn } from './doctor-line.ts';

const RS = 'Remote Support';
/** Live OAuth tokens one API account may hold; a 31st pushes out the oldest (weakly sourced, EVIDENCE.md). */
const TOKEN_LIMIT = 30;

/** A token and `get_api_info` (full command access), `check_health` parses, token use far from 30. */
export async function checkRemoteSupport(rs: RemoteSupportClient): Promise<DoctorLine[]> {
  let full = false;
  const info = await attempt(RS, 'token and API info', async () => {
    const api = await rs.getApiInfo();
    full = hasFullCommandAccess(api);
    return `token issued; API ${api.apiVersion} for ${api.companyName}`;
  });
  if (info.status === 'fail') return [info];
  const access = full
    ? ok(RS, 'command access', 'perm_command is full_access (session keys can be generated)')
    : fail(
        RS,
        'command access',
        'the API account is not full_access (perm_command): session keys need it; in /login → Management → API Configuration set the account’s Command API to Full Access.',
      );
  const health = await attempt(RS, 'check_health', async () => {
    const appliances = await rs.checkHealth();
    const a = appliances[0];
    return a
      ? `parses: ${a.hostname} ${a.success ? 'healthy' : 'reports a failure'}, version ${a.version ?? 'unknown'}, role ${a.failoverRole ?? 'unknown'}`
      : 'parses, but lists no appliance';
  });
  const fetched = rs.tokenFetches;
  const tokens =
    fetched <= 2
      ? ok(
          RS,
          'tokens',
          `${plural(fetched, 'token')} fetched for these checks; Gatehouse shares one per account through the store, far from the ${TOKEN_LIMIT} an API account may hold (give Gatehouse its own API account).`,
        )
      : warn(
          RS,
          'tokens',
          `${fetched} tokens fetched for a few calls: something invalidates them; check that no other tool uses RS_CLIENT_ID.`,
        );
  return [info, access, health, tokens];
}
