import { z } from 'zod';
import { describeError, NotConfiguredError } from '../../src/errors.ts';
import { defineButtonIntent } from '../../src/intents/button-intent.ts';
import { formatDuration } from '../../src/intents/duration.ts';
import { actorLabel } from '../../src/intents/envelope.ts';
import { privateNotice, refInput } from '../../src/intents/intent.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import type { HandlerDeps } from '../deps.ts';
import { createAlertClicks } from './alert-clicks.ts';
import type { ButtonParams } from './alert-placement.ts';
import { DEFAULT_MUTE, MUTE_CHOICES } from './alert-views.ts';
import { runLinkedCommand } from './run-linked-command.ts';

const muteInput = refInput.extend({ duration: z.string().max(16).optional() });

/** Acknowledge, Resolve, Mute and Run on alert cards: the one button flow, responder role, then the change. */
export function alertButtonIntents(deps: HandlerDeps) {
  const clicks = createAlertClicks(deps);
  const service = clicks.service;

  return [
    defineButtonIntent<ButtonParams, typeof refInput>({
      ...clicks.buttonOf('ack'),
      summary: 'acknowledge an alert',
      async act(action, _input, ctx) {
        const record = await clicks.record(action);
        const ack = { by: actorLabel(ctx.actor), at: ctx.now().toISOString() };
        const { key, epoch } = action.params;
        const changed = await service.change(key, epoch, (r) =>
          r.status === 'firing' && !r.ack ? { ...r, ack } : undefined,
        );
        const result = changed ? 'ok' : 'the alert had changed';
        return {
          audit: { decision: 'acknowledged', result, detail: record.title },
          reply: await clicks.currentCard(action, ctx),
        };
      },
    }),

    defineButtonIntent<ButtonParams, typeof refInput>({
      ...clicks.buttonOf('resolve'),
      summary: 'resolve an alert (an rport problem is set inactive in rport)',
      async act(action, _input, ctx) {
        const record = await clicks.record(action);
        let where = 'resolved in Gatehouse';
        if (record.origin?.kind === 'rport-problem') {
          try {
            if (!deps.vendors.rport) throw new NotConfiguredError(SYSTEMS.rport);
            await deps.vendors.rport.resolveProblem(record.origin.problemId);
            where = `rport problem ${record.origin.problemId} set inactive`;
          } catch (err) {
            const sentence = describeError(err);
            await clicks.renew(action, 'resolve');
            return {
              audit: { decision: 'failed', result: sentence, detail: record.title },
              reply: privateNotice('Not resolved', `rport did not resolve it: ${sentence}`, 'error'),
            };
          }
        }
        const by = actorLabel(ctx.actor);
        const at = ctx.now().toISOString();
        await service.change(action.params.key, action.params.epoch, (r) =>
          r.status === 'firing' ? { ...r, status: 'resolved', resolvedAt: at, resolvedBy: by } : undefined,
        );
        return {
          audit: { decision: 'resolved', result: where, detail: record.title },
          reply: await clicks.currentCard(action, ctx),
        };
      },
    }),

    defineButtonIntent<ButtonParams, typeof muteInput>({
      ...clicks.buttonOf('mute'),
      input: muteInput,
      summary: 'mute an alert for a while',
      check: ({ duration }) =>
        MUTE_CHOICES.some((c) => c.value === (duration ?? DEFAULT_MUTE))
          ? undefined
          : privateNotice('Bad duration', `Mute for one of ${MUTE_CHOICES.map((c) => c.value).join(', ')}.`),
      async act(action, { duration }, ctx) {
        const record = await clicks.record(action);
        const choice = MUTE_CHOICES.find((c) => c.value === (duration ?? DEFAULT_MUTE))!;
        const at = ctx.now();
        const mute = {
          until: new Date(at.getTime() + choice.seconds * 1000).toISOString(),
          by: actorLabel(ctx.actor),
          at: at.toISOString(),
        };
        await clicks.renew(action, 'mute', { mute });
        return {
          audit: { decision: 'muted', result: `for ${formatDuration(choice.seconds)}`, detail: record.title },
          reply: await clicks.currentCard(action, ctx),
        };
      },
    }),

    defineButtonIntent<ButtonParams, typeof refInput>({
      ...clicks.buttonOf('run'),
      summary: 'ask to run the rport command linked to an alert (through the normal confirmation)',
      async act(action, _input, ctx) {
        const linked = action.params.action;
        if (!linked) {
          return {
            audit: { decision: 'refused', result: 'the button runs nothing' },
            reply: privateNotice('Unknown action', 'This alert button runs nothing.'),
          };
        }
        const lastRun = { name: linked.name, by: actorLabel(ctx.actor), at: ctx.now().toISOString() };
        const outcome = await runLinkedCommand(linked, ctx);
        await clicks.renew(action, 'run', outcome.requested ? { lastRun } : {});
        return {
          audit: {
            decision: outcome.requested ? 'requested' : 'refused',
            result: outcome.requested ? 'confirmation card posted' : outcome.why,
            detail: `${linked.name}: ${linked.command} on ${linked.targets}`,
          },
          reply: outcome.reply,
        };
      },
    }),
  ];
}
