import { describeError } from '../../src/errors.ts';
import { deliver, type ReplySink } from '../../src/intents/deliver.ts';
import type { Dispatcher } from '../../src/intents/dispatcher.ts';
import { type Actor, actorLabel } from '../../src/intents/envelope.ts';
import type { Logger } from '../../src/log.ts';
import { noticeView, type View } from '../../src/views/view.ts';
import type { TeamsPlace, TeamsRequest } from './teams-envelope.ts';
import type { TeamsMessenger } from './teams-messenger.ts';

type MessageRequest = Extract<TeamsRequest, { kind: 'message' }>;

/** What a team or group chat sees instead of a private reply: never the private content itself. */
export function privateNotice(
  actor: Actor,
  view: View,
  channelNotice: string | undefined,
  sent: boolean,
): View {
  const who = actorLabel(actor);
  const line = sent
    ? `${who}: sent to you privately, in your chat with Gatehouse.`
    : `${who}: Gatehouse could not message you privately, so the answer is not shown here. Open a chat with Gatehouse and ask there.`;
  const blocks: View['blocks'] = [{ type: 'text', text: line }];
  if (channelNotice) blocks.push({ type: 'context', text: channelNotice });
  return { title: view.title, state: sent ? 'info' : 'warning', summary: channelNotice ?? line, blocks };
}

/**
 * A message to the bot (personal chat, group chat or channel) → the shared grammar → the reply. What the
 * policy marks private goes to the person's 1:1 chat (opened when needed) and the conversation only hears
 * that it was sent; in a personal chat the reply simply stays there.
 */
export function createCommandHandler(options: {
  dispatcher: Dispatcher;
  messenger: TeamsMessenger;
  log: Logger;
}) {
  const { dispatcher, messenger, log } = options;

  function conversationSink(place: TeamsPlace, actor: Actor): ReplySink {
    const here = place.conversation.id;
    return {
      async show(result) {
        if (result.visibility === 'channel' || place.type === 'personal')
          return messenger.post(here, result.view);
        let ref: Awaited<ReturnType<typeof messenger.sendDirect>>;
        try {
          ref = await messenger.sendDirect(actor.userId, result.view);
        } catch (err) {
          log.warn({ err: { message: (err as Error).message } }, 'could not open a private chat in Teams');
        }
        await messenger.post(here, privateNotice(actor, result.view, result.channelNotice, !!ref));
        return ref;
      },
      update: (ref, view) => messenger.update(ref, view),
    };
  }

  return async function handleCommand(request: MessageRequest, actor: Actor): Promise<void> {
    const { place } = request;
    try {
      const result = await dispatcher.handleText(request.text, {
        actor,
        conversation: place.conversation,
        prefix: place.type === 'personal' ? '' : '@Gatehouse ',
      });
      await deliver(result, conversationSink(place, actor), log);
    } catch (err) {
      log.error({ err }, 'a Teams command failed');
      await messenger.post(
        place.conversation.id,
        noticeView('That did not work', describeError(err), 'error'),
      );
    }
  };
}
