import { z } from 'zod';
import { describeError, NotConfiguredError } from '../../src/errors.ts';
import { formatDuration } from '../../src/intents/duration.ts';
import { actorLabel } from '../../src/intents/envelope.ts';
import { defineIntent, type IntentContext, privateNotice, refInput } from '../../src/intents/intent.ts';
import type { PendingAction } from '../../src/intents/pending-actions.ts';
import { SYSTEMS } from '../../src/vendors/vendors.ts';
import type { HandlerDeps } from '../deps.ts';
import { createAlertClicks } from './alert-clicks.ts';
import type { ButtonParams } from './alert-placement.ts';
import { DEFAULT_MUTE, MUTE_CHOICES } from './alert-views.ts';
import { runLinkedCommand } from './run-linked-command.ts';

const muteInput = refInput.extend({ duration: z.string().max(16).optional() });

/** Acknowledge, Resolve, Mute and Run on alert cards: responder role, one claim per click, audited. */
export function alertButtonIntents(deps: HandlerDeps) {
  const clicks = createAlertClicks(deps);

  async function finish(
    action: PendingAction<ButtonParams>,
    ctx: IntentContext,
    verb: string,
    outcome: { decision: string; result: string; detail?: string },
  ) {
    const at = ctx.now().toISOString();
    await deps.pending.complete(action.id, { by: actorLabel(ctx.actor), at, result: outcome.decision });
    await ctx.audit.record({ actor: ctx.actor, action: verb, targets: [action.params.key], ...outcome });
  }

  return [
    defineIntent({
      name: 'alerts.ack',
      summary: 'acknowledge an alert',
      input: refInput,
      permission: 'none',
      async handle({ ref }, ctx) {
        const { action, record, refusal } = await clicks.load(ref, 'ack', ctx);
        if (refusal) return refusal;
        const stop = await clicks.claim(action, ctx);
        if (stop) return stop;
        const ack = { by: actorLabel(ctx.actor), at: ctx.now().toISOString() };
        const { key, epoch } = action.params;
        const changed = await clicks
          .service()
          .change(key, epoch, (r) => (r.status === 'firing' && !r.ack ? { ...r, ack } : undefined));
        await finish(action, ctx, 'alerts.ack', {
          decision: 'acknowledged',
          result: changed ? 'ok' : 'the alert had changed',
          detail: record.title,
        });
        return clicks.currentCard(action, ctx);
      },
    }),

    defineIntent({
      name: 'alerts.resolve',
      summary: 'resolve an alert (an rport problem is set inactive in rport)',
      input: refInput,
      permission: 'none',
      async handle({ ref }, ctx) {
        const { action, record, refusal } = await clicks.load(ref, 'resolve', ctx);
        if (refusal) return refusal;
        const stop = await clicks.claim(action, ctx);
        if (stop) return stop;
        let where = 'resolved in Gatehouse';
        if (record.origin?.kind === 'rport-problem') {
          try {
            if (!deps.vendors.rport) throw new NotConfiguredError(SYSTEMS.rport);
            await deps.vendors.rport.resolveProblem(record.origin.problemId);
            where = `rport problem ${record.origin.problemId} set inactive`;
          } catch (err) {
            const sentence = describeError(err);
            await finish(action, ctx, 'alerts.resolve', {
              decision: 'failed',
              result: sentence,
              detail: record.title,
            });
            await clicks.renew(action, 'resolve');
            return privateNotice('Not resolved', `rport did not resolve it: ${sentence}`, 'error');
          }
        }
        const by = actorLabel(ctx.actor);
        const at = ctx.now().toISOString();
        await clicks
          .service()
          .change(action.params.key, action.params.epoch, (r) =>
            r.status === 'firing' ? { ...r, status: 'resolved', resolvedAt: at, resolvedBy: by } : undefined,
          );
        await finish(action, ctx, 'alerts.resolve', {
          decision: 'resolved',
          result: where,
          detail: record.title,
        });
        return clicks.currentCard(action, ctx);
      },
    }),

    defineIntent({
      name: 'alerts.mute',
      summary: 'mute an alert for a while',
      input: muteInput,
      permission: 'none',
      async handle({ ref, duration }, ctx) {
        const choice = MUTE_CHOICES.find((c) => c.value === (duration ?? DEFAULT_MUTE));
        if (!choice)
          return privateNotice(
            'Bad duration',
            `Mute for one of ${MUTE_CHOICES.map((c) => c.value).join(', ')}.`,
          );
        const { action, record, refusal } = await clicks.load(ref, 'mute', ctx);
        if (refusal) return refusal;
        const stop = await clicks.claim(action, ctx);
        if (stop) return stop;
        const at = ctx.now();
        const mute = {
          until: new Date(at.getTime() + choice.seconds * 1000).toISOString(),
          by: actorLabel(ctx.actor),
          at: at.toISOString(),
        };
        await clicks.renew(action, 'mute', { mute });
        await finish(action, ctx, 'alerts.mute', {
          decision: 'muted',
          result: `for ${formatDuration(choice.seconds)}`,
          detail: record.title,
        });
        return clicks.currentCard(action, ctx);
      },
    }),

    defineIntent({
      name: 'alerts.run',
      summary: 'ask to run the rport command linked to an alert (through the normal confirmation)',
      input: refInput,
      permission: 'none',
      async handle({ ref }, ctx) {
        const { action, refusal } = await clicks.load(ref, 'run', ctx);
        if (refusal) return refusal;
        const linked = action.params.action;
        if (!linked) return privateNotice('Unknown action', 'This alert button runs nothing.');
        const stop = await clicks.claim(action, ctx);
        if (stop) return stop;
        const lastRun = { name: linked.name, by: actorLabel(ctx.actor), at: ctx.now().toISOString() };
        const outcome = await runLinkedCommand(linked, ctx);
        await clicks.renew(action, 'run', outcome.requested ? { lastRun } : {});
        await finish(action, ctx, 'alerts.run', {
          decision: outcome.requested ? 'requested' : 'refused',
          result: outcome.requested ? 'confirmation card posted' : outcome.why,
          detail: `${linked.name}: ${linked.command} on ${linked.targets}`,
        });
        return outcome.reply;
      },
    }),
  ];
}
