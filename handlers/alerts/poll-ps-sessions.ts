import type { PsSession } from '../../src/vendors/password-safe/index.ts';
import type { HandlerDeps } from '../deps.ts';
import type { AlertService } from './alert-service.ts';
import type { AlertInput } from './alert-types.ts';

export const PS_SESSIONS_CURSOR = 'alerts:cursor:ps-sessions';
/** Seed 001: `status=1` is "In Progress". */
const IN_PROGRESS = 1;

export function sessionAlert(s: Pick<PsSession, 'id'> & Partial<PsSession>, status: AlertInput['status']) {
  const account =
    s.managedAccountName ?? (s.managedAccountId ? `account ${s.managedAccountId}` : 'an account');
  const asset = s.assetName ?? 'an unknown asset';
  const alert: AlertInput = {
    source: 'password-safe',
    severity: 'info',
    title: `Session started: ${account} on ${asset}, ${s.protocolName ?? 'unknown protocol'}`,
    ...(s.startTime ? { text: `Privileged session ${s.id} started at ${s.startTime}.` } : {}),
    dedupKey: `ps:session:${s.id}`,
    labels: {
      session: String(s.id),
      ...(s.assetName ? { asset: s.assetName } : {}),
      ...(s.managedAccountName ? { account: s.managedAccountName } : {}),
      ...(s.protocolName ? { protocol: s.protocolName } : {}),
    },
    status,
  };
  return alert;
}

/**
 * One round over Password Safe's sessions in progress (`GET Sessions?status=1`): each one not seen before
 * becomes an info alert, and one no longer in progress resolves its alert. The client signs in again by
 * itself when the session cookie has lapsed; the cursor lives in the store.
 */
export function pollPsSessions(deps: HandlerDeps, service: () => AlertService) {
  return async () => {
    const ps = deps.vendors.passwordSafe;
    if (!ps) return;
    const sessions = await ps.listSessions({ status: [IN_PROGRESS] });
    const known = new Set((await deps.store.get<number[]>(PS_SESSIONS_CURSOR)) ?? []);
    const now = new Set(sessions.map((s) => s.id));
    for (const s of sessions) if (!known.has(s.id)) await service().ingest(sessionAlert(s, 'firing'));
    for (const id of known) if (!now.has(id)) await service().ingest(sessionAlert({ id }, 'resolved'));
    await deps.store.set(PS_SESSIONS_CURSOR, [...now]);
  };
}
