import { z } from 'zod';
import { defineIntent } from '../../src/intents/intent.ts';
import type { HandlerDeps } from '../deps.ts';
import { formatDoctorLine } from './doctor-line.ts';
import { runDoctor } from './run-doctor.ts';

/**
 * `doctor`: the vendor, store and policy checks of `npm run doctor`, for a role the policy grants `doctor`,
 * answered to the asker alone. The Slack and Teams checks need the server's secrets: a line says so.
 */
export function doctorIntents(deps: HandlerDeps, intentNames: () => string[]) {
  return [
    defineIntent({
      name: 'doctor',
      summary: 'check every configured system with calls that change nothing',
      syntax: { words: ['doctor'], usage: 'doctor' },
      input: z.object({}),
      permission: 'doctor',
      async handle(_input, ctx) {
        const intents = intentNames();
        const lines = await runDoctor({
          vendors: deps.vendors,
          store: deps.store,
          loadPolicy: () => deps.policy.policy,
          intents,
          platforms: Object.keys(deps.messengers),
        });
        const failed = lines.filter((l) => l.status === 'fail').length;
        ctx.log.info({ failed, checks: lines.length }, 'doctor ran');
        return {
          visibility: 'private',
          view: {
            title: 'Doctor',
            state: failed === 0 ? 'success' : 'failure',
            summary:
              failed === 0 ? 'All checks passed.' : `${failed} ${failed === 1 ? 'check' : 'checks'} failed.`,
            blocks: [{ type: 'list', items: lines.map(formatDoctorLine) }],
          },
        };
      },
    }),
  ];
}
