import { z } from 'zod';
import { BadInputError, describeError } from '../../src/errors.ts';
import { formatTime } from '../../src/intents/duration.ts';
import { actorLabel } from '../../src/intents/envelope.ts';
import { defineIntent, type IntentResult, privateNotice, refInput } from '../../src/intents/intent.ts';
import { refuseConfirmation, samePerson } from '../../src/intents/may-confirm.ts';
import {
  nameSessionStatus,
  qualifiedUserName,
  SESSION_STATUS_NAMES,
} from '../../src/vendors/password-safe/index.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import { noticeView } from '../../src/views/view.ts';
import type { HandlerDeps } from '../deps.ts';
import { sessionsView, userFields, userView } from './ps-views.ts';

/** How long a quarantine confirmation stays valid. */
const QUARANTINE_CONFIRM_SEC = 300;

interface QuarantineParams {
  userId: number;
  userName: string;
}

/** `sessions`, `user <name>` and `user quarantine <name>` (confirmed before it happens) on Password Safe. */
export function passwordSafeIntents(deps: HandlerDeps) {
  const ps = () => deps.vendors.passwordSafe!;

  async function findUser(name: string) {
    const user = await ps().findUser(name);
    if (!user) throw new BadInputError(`Password Safe has no user "${name}".`);
    return user;
  }

  return [
    defineIntent({
      name: 'sessions',
      summary: 'list Password Safe sessions (in progress by default)',
      syntax: { words: ['sessions'], flags: { status: 'string' }, usage: 'sessions [--status 1,2]' },
      input: z.object({
        status: z
          .string()
          .regex(/^\d+(,\d+)*$/, 'status is a comma-separated list of status numbers')
          .default('1'),
      }),
      permission: 'sessions',
      requires: SYSTEMS.passwordSafe,
      async handle({ status }, ctx) {
        const codes = status.split(',').map(Number);
        const unknown = codes.filter((c) => !(c in SESSION_STATUS_NAMES));
        if (unknown.length) {
          const known = Object.entries(SESSION_STATUS_NAMES)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ');
          return privateNotice(
            'Unknown status',
            `Unknown session status ${unknown.join(', ')}; use ${known}.`,
          );
        }
        const sessions = await ps().listSessions({ status: codes });
        return {
          visibility: 'private',
          view: sessionsView(sessions, codes.map(nameSessionStatus).join(', '), ctx.now()),
        };
      },
    }),

    defineIntent({
      name: 'user',
      summary: 'show a BeyondInsight user',
      syntax: { words: ['user'], args: [{ name: 'name' }], usage: 'user <name>' },
      input: z.object({ name: z.string({ error: 'name the user' }).min(1).max(200) }),
      permission: 'user',
      requires: SYSTEMS.passwordSafe,
      async handle({ name }) {
        return { visibility: 'private', view: userView(await findUser(name)) };
      },
    }),

    defineIntent({
      name: 'user.quarantine',
      summary: 'quarantine a BeyondInsight user, after a confirmation',
      syntax: { words: ['user', 'quarantine'], args: [{ name: 'name' }], usage: 'user quarantine <name>' },
      input: z.object({ name: z.string({ error: 'name the user to quarantine' }).min(1).max(200) }),
      permission: 'user.quarantine',
      requires: SYSTEMS.passwordSafe,
      async handle({ name }, ctx) {
        const user = await findUser(name);
        if (user.isQuarantined)
          return privateNotice(
            'Already quarantined',
            `${qualifiedUserName(user)} is already quarantined.`,
            'info',
          );
        const params: QuarantineParams = { userId: user.id, userName: qualifiedUserName(user) };
        const action = await deps.pending.create({
          kind: 'user.quarantine',
          requester: ctx.actor,
          params,
          confirm: { mode: 'requester' },
          conversation: ctx.conversation,
          ttlSec: QUARANTINE_CONFIRM_SEC,
        });
        await ctx.audit.record({
          actor: ctx.actor,
          action: 'user.quarantine',
          targets: [params.userName],
          decision: 'requested',
          result: 'awaiting confirmation',
        });
        return {
          visibility: 'channel',
          view: {
            title: `Quarantine ${params.userName}?`,
            state: 'pending',
            summary: `${ctx.actor.name} asks to quarantine ${params.userName}`,
            fields: [
              ...userFields(user),
              { label: 'Requested by', value: ctx.actor.name },
              { label: 'Expires', value: formatTime(action.expiresAt, ctx.now()) },
            ],
            blocks: [
              {
                type: 'text',
                text: 'A quarantined user cannot sign in to BeyondInsight or Password Safe until an administrator releases them.',
              },
            ],
            actions: [
              { label: 'Quarantine', verb: 'user.quarantine.confirm', ref: action.id, style: 'danger' },
              { label: 'Cancel', verb: 'user.quarantine.cancel', ref: action.id },
            ],
          },
        };
      },
    }),

    ...(['confirm', 'cancel'] as const).map((step) =>
      defineIntent({
        name: `user.quarantine.${step}`,
        summary: `${step} a pending quarantine`,
        input: refInput,
        permission: 'none',
        requires: SYSTEMS.passwordSafe,
        async handle({ ref }, ctx): Promise<IntentResult> {
          const action = await deps.pending.get<QuarantineParams>(ref);
          if (action?.kind !== 'user.quarantine')
            return privateNotice('Unknown action', 'This confirmation is not known (any more).');
          const refusal =
            step === 'cancel' && samePerson(action.requester, ctx.actor)
              ? undefined
              : refuseConfirmation(action.confirm, action.requester, ctx.actor, deps.policy);
          if (refusal) return privateNotice('Not yours to confirm', refusal, 'denied');
          const claim = await deps.pending.claim<QuarantineParams>(ref, actorLabel(ctx.actor));
          const { userName, userId } = action.params;
          if (claim.status === 'expired')
            return {
              visibility: 'channel',
              view: noticeView(
                'Expired',
                `The quarantine of ${userName} was not confirmed in time; nothing changed.`,
                'expired',
              ),
            };
          if (claim.status !== 'claimed') {
            const by =
              claim.status === 'handled' ? ` by ${claim.by} at ${formatTime(claim.at, ctx.now())}` : '';
            return privateNotice('Already handled', `Already handled${by}.`, 'info');
          }
          if (step === 'cancel') {
            await deps.pending.complete(ref, {
              by: ctx.actor.name,
              at: ctx.now().toISOString(),
              result: 'cancelled',
            });
            await ctx.audit.record({
              actor: ctx.actor,
              action: 'user.quarantine.cancel',
              targets: [userName],
              decision: 'cancelled',
              result: 'nothing changed',
            });
            return {
              visibility: 'channel',
              view: noticeView(
                'Cancelled',
                `${ctx.actor.name} cancelled the quarantine of ${userName}; nothing changed.`,
                'cancelled',
              ),
            };
          }
          try {
            await ps().quarantineUser(userId);
          } catch (err) {
            await ctx.audit.record({
              actor: ctx.actor,
              action: 'user.quarantine.confirm',
              targets: [userName],
              decision: 'confirmed',
              result: `failed: ${describeError(err)}`,
            });
            await deps.pending.complete(ref, {
              by: ctx.actor.name,
              at: ctx.now().toISOString(),
              result: 'failed',
            });
            return {
              visibility: 'channel',
              view: noticeView(
                'Quarantine failed',
                `Confirmed by ${ctx.actor.name}, but Password Safe refused: ${describeError(err)}`,
                'failure',
              ),
            };
          }
          await deps.pending.complete(ref, {
            by: ctx.actor.name,
            at: ctx.now().toISOString(),
            result: 'quarantined',
          });
          await ctx.audit.record({
            actor: ctx.actor,
            action: 'user.quarantine.confirm',
            targets: [userName],
            decision: 'confirmed',
            result: 'quarantined',
          });
          return {
            visibility: 'channel',
            view: noticeView(
              `${userName} quarantined`,
              `Quarantined by ${ctx.actor.name} at ${formatTime(ctx.now(), ctx.now())}.`,
              'success',
            ),
          };
        },
      }),
    ),
  ];
}
