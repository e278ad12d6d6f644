import type { HandlerDeps } from '../deps.ts';
import { alertButtonIntents } from './alert-buttons.ts';
import { alertCommandIntents } from './alert-commands.ts';

/** Every alert intent: the commands (`alerts`, `subscribe`, `unsubscribe`) and the card buttons. */
export function alertIntents(deps: HandlerDeps) {
  return [...alertCommandIntents(deps), ...alertButtonIntents(deps)];
}
