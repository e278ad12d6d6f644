import { z } from 'zod';
import { BadInputError, describeError } from '../../src/errors.ts';
import { formatDuration, parseDuration } from '../../src/intents/duration.ts';
import { actorLabel } from '../../src/intents/envelope.ts';
import { defineIntent } from '../../src/intents/intent.ts';
import type { SessionKey } from '../../src/vendors/remote-support/index.ts';
import { queueId } from '../../src/vendors/remote-support/session-key-params.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import type { HandlerDeps } from '../deps.ts';
import { resolveQueue } from './resolve-queue.ts';
import { sessionKeyNotice, sessionKeyView } from './rs-views.ts';

const text = (max: number) => z.string().trim().min(1).max(max).optional();

/**
 * `sessionkey [--team T | --rep R | --issue I] [--external-key K] [--expires 30m] [--name "Customer"]`:
 * a Remote Support session key for the requester alone. The key and its link are only ever in the private
 * reply: not in the audit entry, not in a log line, not in the store, not in the channel notice.
 */
export function sessionKeyIntents(deps: HandlerDeps) {
  const rs = () => deps.vendors.remoteSupport!;
  return [
    defineIntent({
      name: 'sessionkey',
      summary: 'generate a Remote Support session key, sent to you alone',
      syntax: {
        words: ['sessionkey'],
        flags: {
          team: 'string',
          rep: 'string',
          issue: 'string',
          'external-key': 'string',
          expires: 'string',
          name: 'string',
        },
        usage:
          'sessionkey [--team T | --rep R | --issue I] [--external-key K] [--expires 30m] [--name "Customer"]',
      },
      input: z.object({
        team: text(200),
        rep: text(200),
        issue: text(200),
        externalKey: text(1024),
        expires: text(40),
        name: text(1024),
      }),
      permission: 'sessionkey',
      requires: SYSTEMS.remoteSupport,
      async handle(input, ctx) {
        const now = ctx.now();
        const policy = ctx.policy.policy.sessionkey;
        const expiresInSec = input.expires ? readExpiry(input.expires) : policy.default_expiry;
        if (expiresInSec > policy.max_expiry)
          throw new BadInputError(
            `--expires may be at most ${formatDuration(policy.max_expiry)} here (the policy's sessionkey.max_expiry).`,
          );
        const { queue, label } = await resolveQueue(rs(), input);
        const audit = (result: string, expiresAt?: string) =>
          ctx.audit.record({
            actor: ctx.actor,
            action: 'sessionkey',
            targets: [queueId(queue)],
            decision: 'allowed',
            result,
            detail: [
              `for ${label}`,
              expiresAt ? `expires ${expiresAt}` : `valid ${formatDuration(expiresInSec)}`,
              input.externalKey ? `external key ${input.externalKey}` : '',
            ]
              .filter(Boolean)
              .join(', '),
          });
        let key: SessionKey;
        try {
          key = await rs().generateSessionKey({
            queue,
            expiresInSec,
            ...(input.externalKey ? { externalKey: input.externalKey } : {}),
            ...(input.name ? { customerName: input.name } : {}),
          });
        } catch (err) {
          await audit(`failed: ${describeError(err)}`);
          throw err;
        }
        const expiresAt = key.expiresAt ?? new Date(now.getTime() + expiresInSec * 1000).toISOString();
        await audit('ok', expiresAt);
        ctx.log.info({ queue: queueId(queue), expiresAt }, 'session key generated');
        const view = sessionKeyView(key, {
          queue: label,
          expiresAt,
          now,
          ...(input.externalKey ? { externalKey: input.externalKey } : {}),
          ...(input.name ? { customerName: input.name } : {}),
        });
        if (!policy.announce_in_channel || ctx.conversation.direct) return { view, visibility: 'private' };
        const notice = sessionKeyNotice({ who: actorLabel(ctx.actor), queue: label, expiresAt, now });
        return { view, visibility: 'private', channelNotice: notice };
      },
    }),
  ];
}

function readExpiry(given: string): number {
  const seconds = parseDuration(given);
  if (seconds === undefined || seconds <= 0) {
    throw new BadInputError(`--expires takes a duration like 30m, 2h or 1d, not "${given.slice(0, 40)}".`);
  }
  return seconds;
}
