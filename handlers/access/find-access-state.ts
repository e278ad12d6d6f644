import type { HandlerDeps } from '../deps.ts';
import {
  type AccessState,
  addOpen,
  loadAccessState,
  newAccessState,
  updateAccessState,
} from './access-state.ts';

/**
 * The state for a request named by id in a text command. A pending request Gatehouse has not seen yet is
 * recorded now (and watched by the poller), so text and buttons share one decision path and one set of
 * claims. A request PM Cloud already decided comes back as decided elsewhere, without being stored.
 */
export async function findAccessState(deps: HandlerDeps, id: string): Promise<AccessState> {
  const known = await loadAccessState(deps.store, id.trim());
  if (known) return known;
  const request = await deps.vendors.pmCloud!.getAdminAccessRequest(id);
  const now = deps.now();
  if (request.status !== 'Pending') {
    return {
      ...newAccessState(request, now),
      status: 'elsewhere',
      elsewhere: {
        decision: request.status,
        ...(request.decidedBy ? { by: request.decidedBy } : {}),
        ...(request.decisionTime ? { at: request.decisionTime } : {}),
      },
    };
  }
  const access = deps.policy.policy.access;
  const { state } = await updateAccessState(deps.store, access, request.id, (current) =>
    current ? undefined : newAccessState(request, now),
  );
  await addOpen(deps.store, request.id);
  return state ?? newAccessState(request, now);
}
