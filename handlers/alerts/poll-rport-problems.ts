import {
  type Problem,
  RPORT_PLUS_REQUIRED,
  type RportApi,
  rportErrorKind,
} from '../../src/vendors/rport/index.ts';
import type { HandlerDeps } from '../deps.ts';
import type { AlertService } from './alert-service.ts';
import type { AlertInput } from './alert-types.ts';

export const RPORT_CURSOR = 'alerts:cursor:rport-problems';
/** Set while rportd answers the problems list with 404 (no Rport Plus); shared, so replicas agree. */
export const RPORT_NO_PLUS = 'alerts:rport-problems:no-plus';
/** Without Plus, look again this often (someone may enable it) instead of every round. */
export const RPORT_PLUS_RECHECK_MS = 60 * 60 * 1000;

interface NoPlus {
  since: string;
  checkedAt: number;
}
/** rport's largest page. */
const PAGE = 500;

async function listActive(rport: RportApi): Promise<Problem[]> {
  const all: Problem[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { problems, total } = await rport.listProblems({ active: true, limit: PAGE, offset });
    all.push(...problems);
    if (problems.length < PAGE || all.length >= total) return all;
  }
}

export function problemAlert(p: Pick<Problem, 'problemId'> & Partial<Problem>, status: AlertInput['status']) {
  const where = p.clientName || p.clientId || 'an rport client';
  const alert: AlertInput = {
    source: 'rport',
    severity: 'warning',
    title: p.ruleId ? `${p.ruleId} on ${where}` : `rport problem ${p.problemId}`,
    ...(p.createdAt ? { text: `rport alerting problem, active since ${p.createdAt}.` } : {}),
    dedupKey: `rport:problem:${p.problemId}`,
    labels: {
      ...(p.ruleId ? { rule: p.ruleId } : {}),
      ...(p.clientId ? { client: p.clientId } : {}),
      ...(p.clientName ? { client_name: p.clientName } : {}),
    },
    status,
    origin: { kind: 'rport-problem', problemId: p.problemId },
  };
  return alert;
}

/**
 * One round over rportd's active alerting problems: a problem not seen before fires, one that is no longer
 * active resolves. The cursor (the active ids already reported) lives in the store, so a restart or another
 * replica taking over the lease reports nothing twice. A 404 on the list means rportd runs without Rport
 * Plus: that is logged once, and the list is tried again hourly rather than every round.
 */
export function pollRportProblems(deps: HandlerDeps, service: () => AlertService) {
  return async () => {
    const rport = deps.vendors.rport;
    if (!rport) return;
    const noPlus = await deps.store.get<NoPlus>(RPORT_NO_PLUS);
    const at = deps.now();
    if (noPlus && at.getTime() - noPlus.checkedAt < RPORT_PLUS_RECHECK_MS) return;
    let active: Problem[];
    try {
      active = await listActive(rport);
    } catch (err) {
      if (rportErrorKind(err) !== 'plus_required') throw err;
      if (!noPlus) deps.log.warn({ vendor: 'rport', recheckMs: RPORT_PLUS_RECHECK_MS }, RPORT_PLUS_REQUIRED);
      const next: NoPlus = { since: noPlus?.since ?? at.toISOString(), checkedAt: at.getTime() };
      await deps.store.set(RPORT_NO_PLUS, next);
      return;
    }
    if (noPlus) {
      await deps.store.delete(RPORT_NO_PLUS);
      deps.log.info(
        { vendor: 'rport' },
        'rport alerting is available (Rport Plus answers); problems become alerts',
      );
    }
    const known = new Set((await deps.store.get<string[]>(RPORT_CURSOR)) ?? []);
    const now = new Set(active.map((p) => p.problemId));
    for (const p of active) if (!known.has(p.problemId)) await service().ingest(problemAlert(p, 'firing'));
    for (const id of known)
      if (!now.has(id)) await service().ingest(problemAlert({ problemId: id }, 'resolved'));
    await deps.store.set(RPORT_CURSOR, [...now]);
  };
}
