import type { HandlerDeps } from '../deps.ts';
import { rsQueryIntents } from './rs-queries.ts';
import { sessionKeyIntents } from './session-key.ts';

/** Every Remote Support command: `sessionkey`, `reps`, `teams`, `rs info`. */
export function remoteSupportIntents(deps: HandlerDeps) {
  return [...sessionKeyIntents(deps), ...rsQueryIntents(deps)];
}
