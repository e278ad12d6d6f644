import { describeError } from '../../src/errors.ts';
import { formatTime } from '../../src/intents/duration.ts';
import { actorLabel } from '../../src/intents/envelope.ts';
import {
  defineIntent,
  type IntentContext,
  type IntentResult,
  privateNotice,
  refInput,
} from '../../src/intents/intent.ts';
import { refuseConfirmation, samePerson } from '../../src/intents/may-confirm.ts';
import type { PendingAction } from '../../src/intents/pending-actions.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import type { HandlerDeps } from '../deps.ts';
import { closedRunView, type RunParams, resultView } from './rport-views.ts';
import { type Started, watchJobs } from './watch-jobs.ts';

/** The Run and Cancel buttons of an rport confirmation card: who may press, single-use claim, the run. */
export function rportConfirmIntents(deps: HandlerDeps) {
  const rportOf = () => deps.vendors.rport!;

  async function loadForClick(ref: string, ctx: IntentContext, verb: string) {
    const action = await deps.pending.get<RunParams>(ref);
    if (action?.kind !== 'rport.run')
      return {
        refusal: privateNotice(
          'Unknown action',
          'This confirmation is not known (any more). Run the command again.',
        ),
      };
    // The requester may always withdraw their own request; confirming follows the action's rule.
    const ownCancel = verb === 'rport.cancel' && samePerson(action.requester, ctx.actor);
    const refusal = ownCancel
      ? undefined
      : refuseConfirmation(action.confirm, action.requester, ctx.actor, deps.policy);
    if (refusal) {
      await ctx.audit.record({
        actor: ctx.actor,
        action: verb,
        targets: action.params.targets.map((t) => t.id),
        decision: 'refused',
        result: 'not allowed to confirm',
        detail: action.params.command,
      });
      return { refusal: privateNotice('Not yours to confirm', refusal, 'denied') };
    }
    return { action };
  }

  /** Audit a run that ends without running (expired, cancelled) and show it on the card, without buttons. */
  async function closeRun(
    action: PendingAction<RunParams>,
    ctx: IntentContext,
    verb: string,
    end: { decision: string; state: 'expired' | 'cancelled'; title: string; line: string },
  ): Promise<IntentResult> {
    const p = action.params;
    await ctx.audit.record({
      actor: ctx.actor,
      action: verb,
      targets: p.targets.map((t) => t.id),
      decision: end.decision,
      result: 'nothing ran',
      detail: p.command,
    });
    return {
      visibility: 'channel',
      view: closedRunView(p, {
        requester: action.requester.name,
        state: end.state,
        title: end.title,
        line: end.line,
      }),
    };
  }

  async function claimOrExplain(
    action: PendingAction<RunParams>,
    ctx: IntentContext,
    verb: string,
  ): Promise<IntentResult | undefined> {
    const outcome = await deps.pending.claim<RunParams>(action.id, actorLabel(ctx.actor));
    if (outcome.status === 'claimed') return undefined;
    if (outcome.status === 'expired') {
      return closeRun(action, ctx, verb, {
        decision: 'expired',
        state: 'expired',
        title: 'Expired',
        line: `This confirmation expired at ${formatTime(action.expiresAt, ctx.now())}; nothing ran. Run the command again if it is still needed.`,
      });
    }
    if (outcome.status === 'handled') {
      return privateNotice(
        'Already handled',
        `Already handled by ${outcome.by} at ${formatTime(outcome.at, ctx.now())}${outcome.result ? ` (${outcome.result})` : ''}.`,
        'info',
      );
    }
    return privateNotice('Unknown action', 'This confirmation is not known (any more).');
  }

  return [
    defineIntent({
      name: 'rport.confirm',
      summary: 'confirm a pending rport command',
      input: refInput,
      permission: 'none',
      requires: SYSTEMS.rport,
      async handle({ ref }, ctx) {
        const loaded = await loadForClick(ref, ctx, 'rport.confirm');
        if (!loaded.action) return loaded.refusal;
        const action = loaded.action;
        const p = action.params;
        const stop = await claimOrExplain(action, ctx, 'rport.confirm');
        if (stop) return stop;
        const targetIds = p.targets.map((t) => t.id);
        const confirmedBy = ctx.actor.name;
        let started: Started;
        try {
          const body = {
            command: p.command,
            isSudo: p.sudo,
            timeoutSec: p.timeoutSec,
            ...(p.cwd ? { cwd: p.cwd } : {}),
            ...(p.interpreter ? { interpreter: p.interpreter } : {}),
          };
          started =
            targetIds.length === 1
              ? {
                  kind: 'single',
                  clientId: targetIds[0]!,
                  jid: (await rportOf().runCommand(targetIds[0]!, body)).jid,
                }
              : {
                  kind: 'multi',
                  jid: (
                    await rportOf().runMultiCommand({
                      ...body,
                      clientIds: targetIds,
                      executeConcurrently: true,
                    })
                  ).jid,
                };
        } catch (err) {
          const sentence = describeError(err);
          await deps.pending.complete(action.id, {
            by: confirmedBy,
            at: ctx.now().toISOString(),
            result: 'failed to start',
          });
          await ctx.audit.record({
            actor: ctx.actor,
            action: 'rport.confirm',
            targets: targetIds,
            decision: 'confirmed',
            result: `failed: ${sentence}`,
            detail: p.command,
          });
          return {
            visibility: 'channel',
            view: closedRunView(p, {
              requester: action.requester.name,
              state: 'failure',
              title: 'Did not start',
              line: `Confirmed by ${confirmedBy}, but rport did not start it: ${sentence}`,
            }),
          };
        }
        await deps.store.set(`rport:job:${started.jid}`, started, 30 * 86_400_000);
        await deps.pending.complete(action.id, {
          by: confirmedBy,
          at: ctx.now().toISOString(),
          result: `started job ${started.jid}`,
        });
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'rport.confirm',
          targets: targetIds,
          decision: 'confirmed',
          result: `started job ${started.jid}`,
          detail: p.command,
        });
        const requester = action.requester.name;
        return {
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
              onChange: (current) =>
                update(resultView(p, current, { requester, confirmedBy, jid: started.jid })),
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
            await update(resultView(p, jobs, { requester, confirmedBy, jid: started.jid }));
          },
        };
      },
    }),

    defineIntent({
      name: 'rport.cancel',
      summary: 'cancel a pending rport command',
      input: refInput,
      permission: 'none',
      async handle({ ref }, ctx) {
        const loaded = await loadForClick(ref, ctx, 'rport.cancel');
        if (!loaded.action) return loaded.refusal;
        const action = loaded.action;
        const stop = await claimOrExplain(action, ctx, 'rport.cancel');
        if (stop) return stop;
        await deps.pending.complete(action.id, {
          by: ctx.actor.name,
          at: ctx.now().toISOString(),
          result: 'cancelled',
        });
        return closeRun(action, ctx, 'rport.cancel', {
          decision: 'cancelled',
          state: 'cancelled',
          title: 'Cancelled',
          line: `Cancelled by ${ctx.actor.name} at ${formatTime(ctx.now(), ctx.now())}; nothing ran.`,
        });
      },
    }),
  ];
}
