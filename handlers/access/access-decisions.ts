import { z } from 'zod';
import { defineButtonIntent, markButton, pressButton } from '../../src/intents/button-intent.ts';
import { defineIntent, type IntentContext, type IntentResult, refInput } from '../../src/intents/intent.ts';
import type { PendingAction } from '../../src/intents/pending-actions.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import { noticeView } from '../../src/views/view.ts';
import type { HandlerDeps } from '../deps.ts';
import { accessDetailsView } from './access-details.ts';
import { readAccessDuration } from './access-durations.ts';
import type { AccessDecideParams } from './access-poller.ts';
import { type AccessState, loadAccessState } from './access-state.ts';
import { decideAccess, refuseDecider } from './decide-access.ts';
import { findAccessState } from './find-access-state.ts';

const ref = z.string().min(1).max(64);
const requestId = z.string().min(1).max(100);

/** Buttons send `{ref, duration}` / `{ref, reason}`; text sends `{id, for, reason}`. Either names the request. */
const approveInput = z
  .object({
    ref: ref.optional(),
    id: requestId.optional(),
    for: z.string().max(40).optional(),
    duration: z.string().max(40).optional(),
    reason: z.string().max(1000).optional(),
  })
  .refine((v) => v.ref || v.id, { message: 'give the request id: access approve <id> [--for 2h] [reason]' });

const denyInput = z
  .object({ ref: ref.optional(), id: requestId.optional(), reason: z.string().max(1000).optional() })
  .refine((v) => v.ref || v.id, { message: 'give the request id and a reason: access deny <id> <reason>' });

/** Access buttons take their claims in decideAccess: one per approver's vote, one per decision. */
const BY_ACT = { kind: 'access.decide', claim: 'by-act' } as const;

const unknownCard: IntentResult = {
  visibility: 'private',
  view: noticeView(
    'Unknown request',
    'This card is not known to Gatehouse (any more); find the request with `access list`.',
    'warning',
  ),
};

/**
 * `access approve|deny` from text and the card's Approve / Deny / Details buttons. Text and buttons take the
 * same decision path, with the same claims and the same card updates.
 */
export function accessDecisionIntents(deps: HandlerDeps) {
  /**
   * A card's button goes through the one button flow (load, kind, who may press, audit of every refusal);
   * the vote and decision claims stay in decideAccess, where text commands reach them too.
   */
  function decided(
    name: string,
    input: { ref?: string | undefined; id?: string | undefined },
    ctx: IntentContext,
    run: (s: AccessState) => Promise<IntentResult>,
  ): Promise<IntentResult> {
    if (!input.ref) return findAccessState(deps, input.id!).then(run);
    let state: AccessState | undefined;
    return pressButton(
      {
        ...accessButton(deps),
        name,
        summary: name,
        claim: 'by-act',
        async mayPress(action) {
          state = await loadAccessState(deps.store, action.params.requestId);
          return state && refuseDecider(deps, ctx.actor, state)?.sentence;
        },
        stale: async () => (state ? undefined : { reason: 'request not known', reply: unknownCard }),
        act: async () => ({ reply: await run(state!) }),
      },
      { ref: input.ref },
      ctx,
    );
  }

  return [
    markButton(
      defineIntent({
        name: 'access.approve',
        summary: 'approve a PM Cloud admin access request',
        syntax: {
          words: ['access', 'approve'],
          args: [{ name: 'id' }, { name: 'reason', rest: true }],
          flags: { for: 'string' },
          usage: 'access approve <id> [--for 2h] [reason]',
        },
        input: approveInput,
        permission: 'access.approve',
        requires: SYSTEMS.pmCloud,
        async handle(input, ctx: IntentContext) {
          const read = readAccessDuration(input.for ?? input.duration, deps.policy.policy.access);
          if ('problem' in read) {
            return { visibility: 'private', view: noticeView('Bad duration', read.problem, 'warning') };
          }
          const reason = input.reason?.trim();
          return decided('access.approve', input, ctx, (state) =>
            decideAccess(deps, ctx, state, {
              kind: 'approve',
              duration: read.duration,
              ...(reason ? { reason } : {}),
            }),
          );
        },
      }),
      BY_ACT,
    ),

    markButton(
      defineIntent({
        name: 'access.deny',
        summary: 'deny a PM Cloud admin access request (a reason is required)',
        syntax: {
          words: ['access', 'deny'],
          args: [{ name: 'id' }, { name: 'reason', rest: true }],
          usage: 'access deny <id> <reason>',
        },
        input: denyInput,
        permission: 'access.deny',
        requires: SYSTEMS.pmCloud,
        async handle(input, ctx) {
          return decided('access.deny', input, ctx, (state) =>
            decideAccess(deps, ctx, state, {
              kind: 'deny',
              ...(input.reason !== undefined ? { reason: input.reason } : {}),
            }),
          );
        },
      }),
      BY_ACT,
    ),

    defineButtonIntent<AccessDecideParams, typeof refInput>({
      ...accessButton(deps),
      name: 'access.details',
      summary: 'everything about the admin access request on this card',
      requires: SYSTEMS.pmCloud,
      claim: 'none',
      mayPress: (_action, ctx) =>
        ctx.policy.can(ctx.actor, 'access.show')
          ? undefined
          : 'The policy does not let you see admin access requests (access.show).',
      async stale(action) {
        const state = await loadAccessState(deps.store, action.params.requestId);
        return state ? undefined : { reason: 'request not known', reply: unknownCard };
      },
      async act(action, _input, ctx) {
        const state = (await loadAccessState(deps.store, action.params.requestId))!;
        let request = state.request;
        let stale = false;
        try {
          request = await deps.vendors.pmCloud!.getAdminAccessRequest(state.request.id);
        } catch (err) {
          ctx.log.warn({ err }, 'could not read the request from PM Cloud for its details');
          stale = true;
        }
        const view = accessDetailsView(request, state, {
          access: deps.policy.policy.access,
          now: ctx.now(),
          stale,
        });
        return {
          audit: { decision: 'shown', result: stale ? 'from the last known state' : 'ok' },
          reply: { visibility: 'private', view },
        };
      },
    }),
  ];
}

/** What every access card button shares in the button flow: the card's pending action and its audit line. */
function accessButton(deps: HandlerDeps) {
  return {
    kind: 'access.decide',
    input: refInput,
    pending: deps.pending,
    unknown: unknownCard.view.summary,
    describe: (action: PendingAction<AccessDecideParams>) => ({ targets: [action.params.requestId] }),
  };
}
