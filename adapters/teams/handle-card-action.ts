import { REFRESH_VERB, renderAdaptiveCard } from '../../cards/adaptive-card.ts';
import { readAdaptiveInputs } from '../../cards/adaptive-elements.ts';
import { deliver, type ReplySink } from '../../src/intents/deliver.ts';
import type { Dispatcher } from '../../src/intents/dispatcher.ts';
import type { Actor, MessageRef } from '../../src/intents/envelope.ts';
import type { IntentResult } from '../../src/intents/intent.ts';
import type { Logger } from '../../src/log.ts';
import type { View } from '../../src/views/view.ts';
import {
  type AdaptiveCardInvokeResponse,
  cardResponse,
  errorResponse,
  messageResponse,
} from './invoke-responses.ts';
import type { TaskSet } from './task-set.ts';
import type { TeamsCardTracker } from './teams-card-tracker.ts';
import type { TeamsRequest } from './teams-envelope.ts';
import type { TeamsMessenger } from './teams-messenger.ts';

type ActionRequest = Extract<TeamsRequest, { kind: 'action' }>;

/** More than one sentence: a card worth sending to the person's chat rather than a one-line message. */
function isRich(view: View): boolean {
  const blocks = view.blocks ?? [];
  return (
    (view.actions?.length ?? 0) > 0 ||
    (view.fields?.length ?? 0) > 0 ||
    (view.attachments?.length ?? 0) > 0 ||
    blocks.length > 1 ||
    blocks.some((b) => b.type !== 'text')
  );
}

/**
 * An `Action.Execute` click (or a card refresh) → one dispatch → the invoke's answer: the updated card for
 * everyone (also written to the message, and kept for refreshes), or for a private reply (a refusal,
 * "already handled") a message to the person who clicked while the card stays as it was. Work after the
 * answer (job polling) updates the same card.
 */
export function createCardActionHandler(options: {
  dispatcher: Dispatcher;
  messenger: TeamsMessenger;
  cards: TeamsCardTracker;
  tasks: TaskSet;
  log: Logger;
}) {
  const { dispatcher, messenger, cards, tasks, log } = options;

  async function refresh(subject: string | undefined): Promise<AdaptiveCardInvokeResponse> {
    const view = subject ? await cards.view(subject) : undefined;
    if (!view || !subject) return errorResponse(404, 'NotFound', 'Gatehouse no longer keeps this card.');
    return cardResponse(renderAdaptiveCard(view, { subject }));
  }

  /** Where the click's reply goes once the invoke is answered. */
  function clickSink(source: MessageRef | undefined, conversationId: string, actor: Actor): ReplySink {
    return {
      async show(result) {
        if (result.visibility === 'private') {
          if (!isRich(result.view)) return undefined; // the invoke's message said it all
          return messenger.sendDirect(actor.userId, result.view);
        }
        if (source) {
          await messenger.update(source, result.view);
          return source;
        }
        return messenger.post(conversationId, result.view);
      },
      update: (ref, view) => messenger.update(ref, view),
    };
  }

  return async function handleCardAction(
    request: ActionRequest,
    resolveActor: () => Promise<Actor>,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (request.verb === REFRESH_VERB) return refresh(request.subject);
    const actor = await resolveActor();
    const { place } = request;
    const source: MessageRef | undefined = request.cardActivityId
      ? { platform: 'teams', channel: place.conversation.id, id: request.cardActivityId }
      : undefined;
    const { subject: _subject, ...input } = readAdaptiveInputs(request.data);
    const result: IntentResult = await dispatcher.dispatch(request.verb, input, {
      actor,
      conversation: place.conversation,
      ...(source ? { source } : {}),
      prefix: place.type === 'personal' ? '' : '@Gatehouse ',
    });
    const sink = clickSink(source, place.conversation.id, actor);
    if (result.visibility === 'private') {
      if (isRich(result.view) || result.followUp)
        tasks.run('private reply to a click', () => deliver(result, sink, log));
      const text = isRich(result.view)
        ? `${result.view.title}: sent to you in your chat with Gatehouse.`
        : result.view.summary;
      return messageResponse(text);
    }
    const subject =
      request.subject ?? (source ? await cards.subjectOf(source) : undefined) ?? cards.newSubject();
    await cards.save(subject, result.view, source);
    // Answer the click with the new card, then write it to the message so everyone else sees it too.
    tasks.run('card update after a click', () => deliver(result, sink, log));
    return cardResponse(renderAdaptiveCard(result.view, { subject }));
  };
}
