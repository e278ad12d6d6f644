import type { HandlerDeps } from '../deps.ts';
import { renderAccessCard } from './access-card.ts';
import { accessKeys, loadAccessState } from './access-state.ts';

/** Enough rounds for a burst of changes (votes, a decision) to settle; each round is one update per copy. */
const MAX_ROUNDS = 4;

/**
 * Bring every posted copy of a request's card to its current state. After updating, it reads the state again
 * and repeats when another click or replica changed it meanwhile, so the last change is what stays shown
 * even when updates cross.
 */
export async function syncAccessCards(deps: HandlerDeps, id: string): Promise<void> {
  let shown: number | undefined;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const state = await loadAccessState(deps.store, id);
    if (!state || state.version === shown) return;
    const view = renderAccessCard(state, { access: deps.policy.policy.access, now: deps.now() });
    await deps.posted.updateAll(accessKeys.subject(id), view);
    shown = state.version;
  }
}
