import type { PmCloudClient } from '../../src/vendors/pmcloud/index.ts';
import { attempt, type DoctorLine, fail, ok, plural, warn } from './doctor-line.ts';

const PMC = 'PM Cloud';
const FIX_PATH =
  "set PMC_DECISION_PATH to the POST that updates an admin access request decision in the tenant's API definition (https://<tenant>-services…/management-api/swagger).";

/**
 * A token; the list with paging; one request read back by id; the decision path exists (OPTIONS: never a
 * decision). Stops after the token fails, since every later call needs it.
 */
export async function checkPmCloud(pmc: PmCloudClient): Promise<DoctorLine[]> {
  const token = await attempt(PMC, 'token', async () => {
    await pmc.checkToken();
    return 'issued for PMC_CLIENT_ID';
  });
  if (token.status === 'fail') return [token];
  let firstId: string | undefined;
  const list = await attempt(PMC, 'list', async () => {
    const all = await pmc.listAdminAccessRequests();
    firstId = all[0]?.id;
    return `${plural(all.length, 'admin access request')} read, page by page`;
  });
  const one = firstId
    ? await attempt(PMC, 'read back', async () => {
        const record = await pmc.getAdminAccessRequest(firstId!);
        return `request ${record.id} read by id`;
      })
    : warn(
        PMC,
        'read back',
        'no request to read back yet: run doctor again once someone has asked for admin access.',
      );
  return [token, list, one, await checkDecisionPath(pmc)];
}

async function checkDecisionPath(pmc: PmCloudClient): Promise<DoctorLine> {
  let probe: Awaited<ReturnType<PmCloudClient['probeDecisionPath']>>;
  try {
    probe = await pmc.probeDecisionPath();
  } catch (err) {
    return attempt(PMC, 'decision path', () => Promise.reject(err));
  }
  const { path, status, allowed } = probe;
  const takesPost = allowed?.includes('POST');
  if (status === 404) return fail(PMC, 'decision path', `POST ${path} does not exist (404): ${FIX_PATH}`);
  if (takesPost) return ok(PMC, 'decision path', `POST ${path} exists (nothing was decided)`);
  if (status === 405 && allowed) {
    return fail(PMC, 'decision path', `${path} takes ${allowed.join(', ')}, not POST: ${FIX_PATH}`);
  }
  if (status === 401 || status === 403) {
    return fail(
      PMC,
      'decision path',
      `PM Cloud refused to say (HTTP ${status}): give the API account JIT access.`,
    );
  }
  return warn(
    PMC,
    'decision path',
    `${path} answered HTTP ${status} without saying which methods it takes: compare PMC_DECISION_PATH with the tenant's API definition by hand.`,
  );
}
