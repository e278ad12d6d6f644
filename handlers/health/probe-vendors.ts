import { performance } from 'node:perf_hooks';
import { describeError, GatehouseError, VendorError } from '../../src/errors.ts';
import type { Logger } from '../../src/log.ts';
import type { ApplianceHealth } from '../../src/vendors/remote-support/index.ts';
import { RPORT_PLUS_REQUIRED, rportErrorKind } from '../../src/vendors/rport/index.ts';
import { SYSTEMS, type Vendors } from '../../src/vendors/vendors.ts';

/** How one vendor answered: in time, with an error sentence, or not at all because it is not configured. */
export type Probe =
  | { system: string; status: 'ok'; ms: number; detail?: string }
  | { system: string; status: 'failed'; ms: number; error: string; code: string }
  | { system: string; status: 'not configured' };

export interface VendorHealth {
  probes: Probe[];
  /** Remote Support's `check_health`, when it answered. */
  appliances?: ApplianceHealth[];
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * One cheap authenticated call per configured vendor, all at once, each timed and bounded: rport lists one
 * client, PM Cloud the pending access requests, Password Safe the sessions in progress, Remote Support runs
 * `check_health` (whose answer also gives the per-appliance lines).
 */
export async function probeVendors(
  vendors: Vendors,
  options: { timeoutMs?: number; log?: Logger } = {},
): Promise<VendorHealth> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let appliances: ApplianceHealth[] | undefined;
  const checks: Array<[string, (() => Promise<string | undefined>) | undefined]> = [
    [
      SYSTEMS.rport,
      vendors.rport &&
        (async () => {
          const { total } = await vendors.rport!.listClients({ limit: 1 });
          const clients = `${total} ${total === 1 ? 'client' : 'clients'}`;
          // Alerting is the Plus plug-in's: without it rport still works, and the card says what is missing.
          const alerting = await vendors
            .rport!.listProblems({ active: true, limit: 1 })
            .then(() => undefined)
            .catch((err: unknown) =>
              rportErrorKind(err) === 'plus_required' ? RPORT_PLUS_REQUIRED : undefined,
            );
          return alerting ? `${clients}; ${alerting}` : clients;
        }),
    ],
    [
      SYSTEMS.pmCloud,
      vendors.pmCloud &&
        (async () => {
          const pending = await vendors.pmCloud!.listPendingAdminAccessRequests();
          return `${pending.length} pending access ${pending.length === 1 ? 'request' : 'requests'}`;
        }),
    ],
    [
      SYSTEMS.passwordSafe,
      vendors.passwordSafe &&
        (async () => {
          const live = await vendors.passwordSafe!.listSessions({ status: [1] });
          return `${live.length} ${live.length === 1 ? 'session' : 'sessions'} in progress`;
        }),
    ],
    [
      SYSTEMS.remoteSupport,
      vendors.remoteSupport &&
        (async () => {
          appliances = await vendors.remoteSupport!.checkHealth();
          return `${appliances.length} ${appliances.length === 1 ? 'appliance' : 'appliances'}`;
        }),
    ],
  ];
  const probes = await Promise.all(
    checks.map(([system, check]) =>
      check
        ? timed(system, check, timeoutMs, options.log)
        : Promise.resolve<Probe>({ system, status: 'not configured' }),
    ),
  );
  return { probes, ...(appliances ? { appliances } : {}) };
}

async function timed(
  system: string,
  check: () => Promise<string | undefined>,
  timeoutMs: number,
  log: Logger | undefined,
): Promise<Probe> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new VendorError(
            system,
            `${system} did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}.`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    const detail = await Promise.race([check(), timeout]);
    return { system, status: 'ok', ms: elapsed(), ...(detail ? { detail } : {}) };
  } catch (err) {
    const code = err instanceof GatehouseError ? err.code : 'internal';
    if (err instanceof GatehouseError)
      log?.warn({ system, err: { code, message: err.message } }, 'health probe failed');
    else log?.error({ system, err }, 'health probe failed with an unexpected error');
    return { system, status: 'failed', ms: elapsed(), error: describeError(err), code };
  } finally {
    clearTimeout(timer);
  }
}
