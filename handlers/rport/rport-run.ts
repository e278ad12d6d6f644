import { z } from 'zod';
import { describeError } from '../../src/errors.ts';
import { formatTime, parseDuration } from '../../src/intents/duration.ts';
import { actorLabel } from '../../src/intents/envelope.ts';
import { defineIntent, type IntentContext, type IntentResult } from '../../src/intents/intent.ts';
import { describeConfirmers, refuseConfirmation, samePerson } from '../../src/intents/may-confirm.ts';
import type { PendingAction } from '../../src/intents/pending-actions.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import { noticeView } from '../../src/views/view.ts';
import type { HandlerDeps } from '../deps.ts';
import { resolveTargets } from './resolve-targets.ts';
import { closedRunView, confirmView, type RunParams, resultView } from './rport-views.ts';
import { type Started, watchJobs } from './watch-jobs.ts';

const runInput = z.object({
  targets: z.string({ error: 'name the targets: client ids or names, group:<id> or tag:<tag>' }).min(1),
  command: z
    .string({ error: 'put the command after --, e.g. rport run web-01 -- uptime' })
    .trim()
    .min(1, 'put the command after --'),
  sudo: z.boolean().default(false),
  timeout: z.string().optional(),
  cwd: z.string().min(1).max(4096).optional(),
  interpreter: z.string().min(1).max(64).optional(),
});

const refInput = z.object({ ref: z.string().min(1).max(64) });

const privately = (
  title: string,
  text: string,
  state: 'denied' | 'warning' | 'error' | 'info' = 'warning',
): IntentResult => ({
  view: noticeView(title, text, state),
  visibility: 'private',
});

/** `rport run` (policy check → confirmation card) and its Run / Cancel buttons. */
export function rportRunIntents(deps: HandlerDeps) {
  const rportOf = () => deps.vendors.rport!;
  const rules = () => deps.policy.policy.rport;

  async function loadForClick(ref: string, ctx: IntentContext, verb: string) {
    const action = await deps.pending.get<RunParams>(ref);
    if (action?.kind !== 'rport.run')
      return {
        refusal: privately(
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
      return { refusal: privately('Not yours to confirm', refusal, 'denied') };
    }
    return { action };
  }

  async function claimOrExplain(
    action: PendingAction<RunParams>,
    ctx: IntentContext,
    verb: string,
  ): Promise<IntentResult | undefined> {
    const outcome = await deps.pending.claim<RunParams>(action.id, actorLabel(ctx.actor));
    if (outcome.status === 'claimed') return undefined;
    if (outcome.status === 'expired') {
      await ctx.audit.record({
        actor: ctx.actor,
        action: verb,
        targets: action.params.targets.map((t) => t.id),
        decision: 'expired',
        result: 'nothing ran',
        detail: action.params.command,
      });
      return {
        visibility: 'channel',
        view: closedRunView(action.params, {
          requester: action.requester.name,
          state: 'expired',
          title: 'Expired',
          line: `This confirmation expired at ${formatTime(action.expiresAt, ctx.now())}; nothing ran. Run the command again if it is still needed.`,
        }),
      };
    }
    if (outcome.status === 'handled') {
      return privately(
        'Already handled',
        `Already handled by ${outcome.by} at ${formatTime(outcome.at, ctx.now())}${outcome.result ? ` (${outcome.result})` : ''}.`,
        'info',
      );
    }
    return privately('Unknown action', 'This confirmation is not known (any more).');
  }

  return [
    defineIntent({
      name: 'rport.run',
      summary: 'run a command on rport clients after a confirmation',
      syntax: {
        words: ['rport', 'run'],
        args: [{ name: 'targets' }],
        flags: { sudo: 'boolean', timeout: 'string', cwd: 'string', interpreter: 'string' },
        afterDashDash: 'command',
        usage: 'rport run <targets> [--sudo] [--timeout 60s] [--cwd DIR] [--interpreter I] -- <command>',
      },
      input: runInput,
      permission: 'rport.run',
      requires: SYSTEMS.rport,
      async handle(input, ctx) {
        const timeoutSec =
          input.timeout === undefined ? rules().default_timeout : parseDuration(input.timeout);
        if (timeoutSec === undefined || timeoutSec < 1)
          return privately(
            'Bad timeout',
            `--timeout "${input.timeout}" is not a duration; use e.g. 30s, 5m or 1h.`,
          );
        if (timeoutSec > rules().max_timeout)
          return privately('Timeout too long', `--timeout may be at most ${rules().max_timeout} s here.`);
        const clients = await resolveTargets(rportOf(), input.targets);
        const decision = deps.policy.checkRportCommand(ctx.actor, {
          command: input.command,
          sudo: input.sudo,
          targets: clients.map((c) => ({ id: c.id, name: c.name, groups: c.groups, tags: c.tags })),
        });
        const targetIds = clients.map((c) => c.id);
        if (!decision.allowed) {
          await ctx.audit.record({
            actor: ctx.actor,
            action: 'rport.run',
            targets: targetIds,
            decision: 'denied',
            result: decision.reason,
            detail: input.command,
          });
          return privately('Not allowed', `Not allowed: ${decision.reason}.`, 'denied');
        }
        const params: RunParams = {
          command: input.command,
          targets: clients.map((c) => ({
            id: c.id,
            name: c.name,
            online: c.connectionState === 'connected',
          })),
          sudo: input.sudo,
          timeoutSec,
          ...(input.cwd ? { cwd: input.cwd } : {}),
          ...(input.interpreter ? { interpreter: input.interpreter } : {}),
          rule: decision.rule.name,
          secondApprover: decision.secondApprover,
        };
        const confirm = decision.secondApprover
          ? ({ mode: 'second', role: rules().approver_role } as const)
          : ({ mode: 'requester' } as const);
        const action = await deps.pending.create({
          kind: 'rport.run',
          requester: ctx.actor,
          params,
          confirm,
          conversation: ctx.conversation,
          ttlSec: rules().confirm_expiry,
        });
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'rport.run',
          targets: targetIds,
          decision: 'requested',
          result: 'awaiting confirmation',
          detail: input.command,
        });
        return {
          visibility: 'channel',
          view: confirmView(params, {
            ref: action.id,
            requester: ctx.actor.name,
            confirmers: describeConfirmers(confirm, ctx.actor),
            expiresAt: action.expiresAt,
            now: ctx.now(),
          }),
        };
      },
    }),

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
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'rport.cancel',
          targets: action.params.targets.map((t) => t.id),
          decision: 'cancelled',
          result: 'nothing ran',
          detail: action.params.command,
        });
        return {
          visibility: 'channel',
          view: closedRunView(action.params, {
            requester: action.requester.name,
            state: 'cancelled',
            title: 'Cancelled',
            line: `Cancelled by ${ctx.actor.name} at ${formatTime(ctx.now(), ctx.now())}; nothing ran.`,
          }),
        };
      },
    }),
  ];
}
