import { describeError } from '../../src/errors.ts';
import { defineConfirmButtons, onCard } from '../../src/intents/button-intent.ts';
import { formatTime } from '../../src/intents/duration.ts';
import { refInput } from '../../src/intents/intent.ts';
import type { PendingAction } from '../../src/intents/pending-actions.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import type { HandlerDeps } from '../deps.ts';
import { closedRunView, type RunParams, resultView } from './rport-views.ts';
import { type Started, watchJobs } from './watch-jobs.ts';

/** The Run and Cancel buttons of an rport confirmation card: the one button flow, then the run. */
export function rportConfirmIntents(deps: HandlerDeps) {
  const rportOf = () => deps.vendors.rport!;
  const common = {
    kind: 'rport.run',
    input: refInput,
    pending: deps.pending,
    unknown: 'This confirmation is not known (any more). Run the command again.',
    describe: (action: PendingAction<RunParams>) => ({
      targets: action.params.targets.map((t) => t.id),
      detail: action.params.command,
    }),
    expired: (action: PendingAction<RunParams>, ctx: { now: () => Date }) => ({
      visibility: 'channel' as const,
      view: closedRunView(action.params, {
        requester: action.requester.name,
        state: 'expired',
        title: 'Expired',
        line: `This confirmation expired at ${formatTime(action.expiresAt, ctx.now())}; nothing ran. Run the command again if it is still needed.`,
      }),
    }),
  };

  /** POST the command to rport: one client, or several as one multi-client job. */
  async function start(p: RunParams): Promise<Started> {
    const targetIds = p.targets.map((t) => t.id);
    const body = {
      command: p.command,
      isSudo: p.sudo,
      timeoutSec: p.timeoutSec,
      ...(p.cwd ? { cwd: p.cwd } : {}),
      ...(p.interpreter ? { interpreter: p.interpreter } : {}),
    };
    if (targetIds.length === 1) {
      const clientId = targetIds[0]!;
      return { kind: 'single', clientId, jid: (await rportOf().runCommand(clientId, body)).jid };
    }
    const multi = { ...body, clientIds: targetIds, executeConcurrently: true };
    return { kind: 'multi', jid: (await rportOf().runMultiCommand(multi)).jid };
  }

  return defineConfirmButtons<RunParams>({
    ...common,
    prefix: 'rport',
    noun: 'rport command',
    requires: SYSTEMS.rport,
    confirmStepUp: (action) => action.params.stepUp === true,
    async confirm(action, ctx) {
      const p = action.params;
      const requester = action.requester.name;
      const confirmedBy = ctx.actor.name;
      let started: Started;
      try {
        started = await start(p);
      } catch (err) {
        const sentence = describeError(err);
        const view = closedRunView(p, {
          requester,
          state: 'failure',
          title: 'Did not start',
          line: `Confirmed by ${confirmedBy}, but rport did not start it: ${sentence}`,
        });
        return onCard(view, 'confirmed', `failed: ${sentence}`, 'failed to start');
      }
      await deps.store.set(`rport:job:${started.jid}`, started, 30 * 86_400_000);
      const targetIds = p.targets.map((t) => t.id);
      const shown = { requester, confirmedBy, jid: started.jid };
      return {
        audit: { decision: 'confirmed', result: `started job ${started.jid}` },
        outcome: `started job ${started.jid}`,
        reply: {
          visibility: 'channel',
          view: closedRunView(p, {
            requester,
            state: 'running',
            title: 'Running',
            line: `Confirmed by ${confirmedBy} · rport job ${started.jid}`,
          }),
          followUp: async (update) => {
            const jobs = await watchJobs(rportOf(), started, {
              expected: targetIds.length,
              timeoutSec: p.timeoutSec,
              intervalMs: deps.pollIntervalMs ?? 1000,
              onChange: (current) => update(resultView(p, current, shown)),
            });
            const ok = jobs.filter((j) => j.status === 'successful').length;
            await ctx.audit.record({
              actor: ctx.actor,
              action: 'rport.result',
              targets: targetIds,
              decision: 'confirmed',
              result: `${ok} of ${jobs.length} successful`,
              detail: `job ${started.jid}`,
            });
            await update(resultView(p, jobs, shown));
          },
        },
      };
    },
    async cancel(action, ctx) {
      const view = closedRunView(action.params, {
        requester: action.requester.name,
        state: 'cancelled',
        title: 'Cancelled',
        line: `Cancelled by ${ctx.actor.name} at ${formatTime(ctx.now(), ctx.now())}; nothing ran.`,
      });
      return onCard(view, 'cancelled', 'nothing ran');
    },
  });
}
