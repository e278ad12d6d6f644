import { z } from 'zod';
import { defineIntent, type IntentContext, type IntentResult } from '../../src/intents/intent.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import { noticeView } from '../../src/views/view.ts';
import type { HandlerDeps } from '../deps.ts';
import { accessDetailsView } from './access-details.ts';
import { readAccessDuration } from './access-durations.ts';
import type { AccessState } from './access-state.ts';
import { decideAccess } from './decide-access.ts';
import { findAccessState, stateFromRef } from './find-access-state.ts';

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
  async function target(input: { ref?: string | undefined; id?: string | undefined }) {
    if (input.ref) return stateFromRef(deps, input.ref);
    return findAccessState(deps, input.id!);
  }

  const decided = (state: AccessState | undefined, run: (s: AccessState) => Promise<IntentResult>) =>
    state ? run(state) : Promise.resolve(unknownCard);

  return [
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
        return decided(await target(input), (state) =>
          decideAccess(deps, ctx, state, {
            kind: 'approve',
            duration: read.duration,
            ...(reason ? { reason } : {}),
          }),
        );
      },
    }),

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
        return decided(await target(input), (state) =>
          decideAccess(deps, ctx, state, {
            kind: 'deny',
            ...(input.reason !== undefined ? { reason: input.reason } : {}),
          }),
        );
      },
    }),

    defineIntent({
      name: 'access.details',
      summary: 'everything about the admin access request on this card',
      input: z.object({ ref }),
      permission: 'access.show',
      requires: SYSTEMS.pmCloud,
      async handle(input, ctx) {
        const state = await stateFromRef(deps, input.ref);
        if (!state) return unknownCard;
        let request = state.request;
        let stale = false;
        try {
          request = await deps.vendors.pmCloud!.getAdminAccessRequest(state.request.id);
        } catch (err) {
          ctx.log.warn({ err }, 'could not read the request from PM Cloud for its details');
          stale = true;
        }
        return {
          visibility: 'private',
          view: accessDetailsView(request, state, {
            access: deps.policy.policy.access,
            now: ctx.now(),
            stale,
          }),
        };
      },
    }),
  ];
}
