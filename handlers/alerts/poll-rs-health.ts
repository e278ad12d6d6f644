import type { ApplianceHealth } from '../../src/vendors/remote-support/index.ts';
import type { HandlerDeps } from '../deps.ts';
import type { AlertService } from './alert-service.ts';
import type { AlertInput } from './alert-types.ts';

export const RS_HEALTH_CURSOR = 'alerts:cursor:rs-health';

/** What the last round saw of each appliance; `baseline` is the role it had before a failover changed it. */
type Seen = Record<string, { failing: boolean; role?: string; baseline?: string }>;

const healthKey = (a: ApplianceHealth) => `rs:health:${a.id}`;
const roleKey = (a: ApplianceHealth) => `rs:failover:${a.id}`;

function failingAlert(a: ApplianceHealth, status: AlertInput['status']): AlertInput {
  return {
    source: 'remote-support',
    severity: 'critical',
    title: `Remote Support appliance ${a.hostname} is failing`,
    ...(a.errorMessage ? { text: a.errorMessage } : {}),
    dedupKey: healthKey(a),
    labels: { appliance: a.hostname, role: a.failoverRole ?? 'unknown' },
    status,
  };
}

function roleAlert(a: ApplianceHealth, from: string, status: AlertInput['status']): AlertInput {
  return {
    source: 'remote-support',
    severity: 'warning',
    title: `Remote Support appliance ${a.hostname} failover role changed: ${from} → ${a.failoverRole}`,
    dedupKey: roleKey(a),
    labels: { appliance: a.hostname, role: a.failoverRole ?? 'unknown' },
    status,
  };
}

/**
 * One round over `check_health`: an appliance that starts failing fires, one that recovers resolves; a
 * changed failover role fires, and going back to the role it had resolves. Only changes are reported,
 * against the last round kept in the store.
 */
export function pollRsHealth(deps: HandlerDeps, service: () => AlertService) {
  return async () => {
    const rs = deps.vendors.remoteSupport;
    if (!rs) return;
    const appliances = await rs.checkHealth();
    const seen = (await deps.store.get<Seen>(RS_HEALTH_CURSOR)) ?? {};
    const next: Seen = { ...seen };
    for (const a of appliances) {
      const before = seen[a.id];
      const failing = !a.success;
      if (failing && !before?.failing) await service().ingest(failingAlert(a, 'firing'));
      if (!failing && before?.failing) await service().ingest(failingAlert(a, 'resolved'));
      let baseline = before?.baseline;
      // An appliance that does not report its role keeps the last one known: unknown is not a change.
      const role = a.failoverRole ?? before?.role;
      if (before?.role !== undefined && role !== undefined && before.role !== role) {
        baseline ??= before.role;
        if (role === baseline) {
          await service().ingest(roleAlert(a, before.role, 'resolved'));
          baseline = undefined;
        } else await service().ingest(roleAlert(a, before.role, 'firing'));
      }
      next[a.id] = { failing, ...(role !== undefined ? { role } : {}), ...(baseline ? { baseline } : {}) };
    }
    await deps.store.set(RS_HEALTH_CURSOR, next);
  };
}
