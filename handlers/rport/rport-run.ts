import { z } from 'zod';
import { parseDuration } from '../../src/intents/duration.ts';
import { defineIntent, privateNotice } from '../../src/intents/intent.ts';
import { describeConfirmers } from '../../src/intents/may-confirm.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import type { HandlerDeps } from '../deps.ts';
import { resolveTargets } from './resolve-targets.ts';
import { rportConfirmIntents } from './rport-confirm.ts';
import { confirmView, type RunParams } from './rport-views.ts';

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

/** `rport run`: policy check → confirmation card; its Run / Cancel buttons are in rport-confirm.ts. */
export function rportRunIntents(deps: HandlerDeps) {
  const rportOf = () => deps.vendors.rport!;
  const rules = () => deps.policy.policy.rport;

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
          return privateNotice(
            'Bad timeout',
            `--timeout "${input.timeout}" is not a duration; use e.g. 30s, 5m or 1h.`,
          );
        if (timeoutSec > rules().max_timeout)
          return privateNotice('Timeout too long', `--timeout may be at most ${rules().max_timeout} s here.`);
        const clients = await resolveTargets(rportOf(), input.targets);
        const decision = deps.policy.checkRportCommand(ctx.actor, {
          command: input.command,
          sudo: input.sudo,
          targets: clients.map((c) => ({ id: c.id, name: c.name, groups: c.groups, tags: c.tags })),
          ...(input.interpreter ? { interpreter: input.interpreter } : {}),
          ...(input.cwd ? { cwd: input.cwd } : {}),
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
          return privateNotice('Not allowed', `Not allowed: ${decision.reason}.`, 'denied');
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
          ...(decision.rule.step_up ? { stepUp: true } : {}),
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

    ...rportConfirmIntents(deps),
  ];
}
