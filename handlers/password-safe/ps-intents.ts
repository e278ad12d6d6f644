import { z } from 'zod';
import { BadInputError, describeError } from '../../src/errors.ts';
import { defineConfirmButtons, onCard } from '../../src/intents/button-intent.ts';
import { formatTime } from '../../src/intents/duration.ts';
import { defineIntent, type IntentResult, privateNotice, refInput } from '../../src/intents/intent.ts';
import type { PendingAction } from '../../src/intents/pending-actions.ts';
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

    ...quarantineButtons(deps),
  ];
}

/** Quarantine and Cancel on the confirmation card: the one button flow, then Password Safe. */
function quarantineButtons(deps: HandlerDeps) {
  return defineConfirmButtons<QuarantineParams>({
    prefix: 'user.quarantine',
    noun: 'quarantine',
    kind: 'user.quarantine',
    input: refInput,
    pending: deps.pending,
    requires: SYSTEMS.passwordSafe,
    describe: (action: PendingAction<QuarantineParams>) => ({ targets: [action.params.userName] }),
    expired: (action: PendingAction<QuarantineParams>): IntentResult => ({
      visibility: 'channel',
      view: noticeView(
        'Expired',
        `The quarantine of ${action.params.userName} was not confirmed in time; nothing changed.`,
        'expired',
      ),
    }),
    async confirm(action, ctx) {
      const { userName, userId } = action.params;
      try {
        await deps.vendors.passwordSafe!.quarantineUser(userId);
      } catch (err) {
        const sentence = describeError(err);
        const line = `Confirmed by ${ctx.actor.name}, but Password Safe refused: ${sentence}`;
        return onCard(
          noticeView('Quarantine failed', line, 'failure'),
          'confirmed',
          `failed: ${sentence}`,
          'failed',
        );
      }
      const line = `Quarantined by ${ctx.actor.name} at ${formatTime(ctx.now(), ctx.now())}.`;
      return onCard(
        noticeView(`${userName} quarantined`, line, 'success'),
        'confirmed',
        'quarantined',
        'quarantined',
      );
    },
    async cancel(action, ctx) {
      const line = `${ctx.actor.name} cancelled the quarantine of ${action.params.userName}; nothing changed.`;
      return onCard(noticeView('Cancelled', line, 'cancelled'), 'cancelled', 'nothing changed');
    },
  });
}
