import { z } from 'zod';
import { defineIntent } from '../../src/intents/intent.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import type { HandlerDeps } from '../deps.ts';
import { apiInfoView, repsView, teamsView } from './rs-views.ts';

/**
 * `reps`, `teams` and `rs info`. Reps and teams come from the shared cache (the vendor advises against
 * asking on every request), so any number of people asking at once costs one appliance call per period.
 */
export function rsQueryIntents(deps: HandlerDeps) {
  const rs = () => deps.vendors.remoteSupport!;
  return [
    defineIntent({
      name: 'reps',
      summary: 'list the reps logged in to Remote Support',
      syntax: { words: ['reps'], usage: 'reps' },
      input: z.object({}),
      permission: 'reps',
      requires: SYSTEMS.remoteSupport,
      async handle(_input, ctx) {
        return { visibility: 'private', view: repsView(await rs().cachedReps(), ctx.now()) };
      },
    }),
    defineIntent({
      name: 'teams',
      summary: 'list the Remote Support support teams and their issues',
      syntax: { words: ['teams'], usage: 'teams' },
      input: z.object({}),
      permission: 'teams',
      requires: SYSTEMS.remoteSupport,
      async handle() {
        return { visibility: 'private', view: teamsView(await rs().cachedTeams()) };
      },
    }),
    defineIntent({
      name: 'rs.info',
      summary: 'show the Remote Support API version and what the API account may do',
      syntax: { words: ['rs', 'info'], usage: 'rs info' },
      input: z.object({}),
      permission: 'rs.info',
      requires: SYSTEMS.remoteSupport,
      async handle(_input, ctx) {
        return { visibility: 'private', view: apiInfoView(await rs().getApiInfo(), ctx.now()) };
      },
    }),
  ];
}
