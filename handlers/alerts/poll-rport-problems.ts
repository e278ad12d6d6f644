import type { Problem, RportApi } from '../../src/vendors/rport/index.ts';
import type { HandlerDeps } from '../deps.ts';
import type { AlertService } from './alert-service.ts';
import type { AlertInput } from './alert-types.ts';

export const RPORT_CURSOR = 'alerts:cursor:rport-problems';
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
 * replica taking over the lease reports nothing twice.
 */
export function pollRportProblems(deps: HandlerDeps, service: () => AlertService) {
  return async () => {
    const rport = deps.vendors.rport;
    if (!rport) return;
    const active = await listActive(rport);
    const known = new Set((await deps.store.get<string[]>(RPORT_CURSOR)) ?? []);
    const now = new Set(active.map((p) => p.problemId));
    for (const p of active) if (!known.has(p.problemId)) await service().ingest(problemAlert(p, 'firing'));
    for (const id of known)
      if (!now.has(id)) await service().ingest(problemAlert({ problemId: id }, 'resolved'));
    await deps.store.set(RPORT_CURSOR, [...now]);
  };
}
