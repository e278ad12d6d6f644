import { renderAdaptiveCard } from '../../cards/adaptive-card.ts';
import type { ReplySink } from '../../src/intents/deliver.ts';
import type { Actor, MessageRef } from '../../src/intents/envelope.ts';
import type { IntentResult } from '../../src/intents/intent.ts';
import type { RunTurn } from '../../src/intents/run-turn.ts';
import type { Logger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import { noticeView, type View } from '../../src/views/view.ts';
import { answerTurn } from './answer-turn.ts';
import {
  type AdaptiveCardInvokeResponse,
  cardResponse,
  errorResponse,
  messageResponse,
} from './invoke-responses.ts';
import type { TaskSet } from './task-set.ts';
import type { TeamsCardTracker } from './teams-card-tracker.ts';
import { type TeamsRequest, toTeamsEnvelope } from './teams-envelope.ts';
import type { TeamsMessenger } from './teams-messenger.ts';

type ActionRequest = Extract<TeamsRequest, { kind: 'action' }>;

/** What a pressed prompt turns into: the outcome itself goes to the card the prompt was for. */
const PROMPT_DONE = 'Done: the card where you first pressed the button shows the outcome.';
/** A Teams retry of the same invoke within this window is not run again. */
const CLAIM_MS = 3_600_000;

/** The card a private view with buttons (a step-up prompt) was sent for: its presses act on that card. */
interface Origin {
  source: MessageRef;
  subject: string;
}
const originKey = (ref: MessageRef) => `teams:card-origin:${ref.channel}|${ref.id}`;

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

/** The clicked card while its work goes on: as it was, without buttons, saying who pressed and that it runs. */
export function workingView(card: View | undefined, who: string): View {
  const line = `${who} pressed a button; Gatehouse is working on it. This card changes when it is done.`;
  if (!card) return noticeView('Working on it', line, 'running');
  const { actions: _actions, inputs: _inputs, ...rest } = card;
  return { ...rest, state: 'running', blocks: [...(card.blocks ?? []), { type: 'context', text: line }] };
}

/**
 * An `Action.Execute` click (or a card refresh) → one turn → the invoke's answer within TEAMS_ANSWER_MS (answer-turn.ts):
 * the new card when the work is done (also written to the message and kept for refreshes), a message to
 * the person who clicked for a private reply, or — when the vendors are slow — the card marked as in
 * progress, which the message update replaces when the work ends. The click is claimed first, so a Teams
 * retry of the same invoke gets the card as it is instead of running again.
 */
export function createCardActionHandler<W>(options: {
  messenger: TeamsMessenger;
  cards: TeamsCardTracker;
  store: Store;
  tasks: TaskSet;
  runTurn: RunTurn<W>;
  log: Logger;
}) {
  const { messenger, cards, store, tasks, runTurn, log } = options;

  async function current(subject: string | undefined): Promise<AdaptiveCardInvokeResponse | undefined> {
    const view = subject ? await cards.view(subject) : undefined;
    return view && subject ? cardResponse(renderAdaptiveCard(view, { subject })) : undefined;
  }

  /** A card refresh: the card as it is now, for whoever is looking. */
  async function refresh(subject: string | undefined): Promise<AdaptiveCardInvokeResponse> {
    return (await current(subject)) ?? errorResponse(404, 'NotFound', 'Gatehouse no longer keeps this card.');
  }

  async function click(
    request: ActionRequest,
    who: W,
    actorOf: () => Pick<Actor, 'name' | 'userId'>,
    eventId: string,
  ): Promise<AdaptiveCardInvokeResponse> {
    const envelope = toTeamsEnvelope(request, who, eventId);
    const clicked = envelope.source;
    // A press on a private prompt (step-up) shows its outcome on the card the prompt was sent for.
    const origin = clicked ? await store.get<Origin>(originKey(clicked)) : undefined;
    const source = origin?.source ?? clicked;
    const subject =
      origin?.subject ??
      request.subject ??
      (source ? await cards.subjectOf(source) : undefined) ??
      cards.newSubject();
    if (!(await store.claim(`teams:invoke:${eventId}`, 'teams', CLAIM_MS)).won)
      return (await current(subject)) ?? messageResponse('Gatehouse is already handling this click.');
    const before = await cards.view(subject);
    let working = false;

    async function answerFor(ready: IntentResult | undefined): Promise<AdaptiveCardInvokeResponse> {
      if (!ready) {
        working = true;
        return cardResponse(renderAdaptiveCard(workingView(before, actorOf().name), { subject }));
      }
      if (ready.visibility === 'private')
        return messageResponse(
          isRich(ready.view)
            ? `${ready.view.title}: sent to you in your chat with Gatehouse.`
            : ready.view.summary,
        );
      await cards.save(subject, ready.view, source);
      if (origin) return cardResponse(renderAdaptiveCard(noticeView(ready.view.title, PROMPT_DONE, 'info')));
      return cardResponse(renderAdaptiveCard(ready.view, { subject }));
    }

    const sink: ReplySink = {
      async show(result) {
        if (result.visibility === 'private') {
          // A late private reply: the card goes back to how it was, and the person hears in their chat.
          if (working && source && before) await messenger.update(source, before);
          if (!working && !isRich(result.view)) return undefined; // the invoke's message said it all
          const sent = await messenger.sendDirect(actorOf().userId, result.view);
          if (sent && source && result.view.actions?.length)
            await store.set(originKey(sent), { source, subject } satisfies Origin, CLAIM_MS);
          return sent;
        }
        if (source) {
          await messenger.update(source, result.view);
          return source;
        }
        return messenger.post(envelope.conversation.id, result.view);
      },
      update: (ref, view) => messenger.update(ref, view),
    };

    const failed = messageResponse(
      'Gatehouse could not handle that click; the error is in its log. Try again.',
    );
    return answerTurn({
      tasks,
      what: 'Teams click',
      run: (ack) => runTurn(envelope, sink, ack),
      answer: async (ready) => ({
        value: await answerFor(ready).catch((err: unknown) => {
          log.error({ err, eventId }, 'could not answer a Teams click');
          return failed;
        }),
        shown: false,
      }),
      otherwise: failed,
    });
  }

  return { refresh, click };
}
