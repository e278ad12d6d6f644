import type { ReplySink } from '../../src/intents/deliver.ts';
import { type Actor, actorLabel } from '../../src/intents/envelope.ts';
import type { Logger } from '../../src/log.ts';
import type { View } from '../../src/views/view.ts';
import type { TeamsPlace } from './teams-envelope.ts';
import type { TeamsMessenger } from './teams-messenger.ts';

/** What a team or group chat sees instead of a private reply: never the private content itself. */
export function privateNotice(
  actor: Pick<Actor, 'name' | 'userId'>,
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
 * Where the reply to a message to the bot goes. What the policy marks private goes to the person's 1:1 chat
 * (opened when needed) and the conversation only hears that it was sent; in a personal chat the reply simply
 * stays there. `who` is the person as the turn resolved them (read when the reply is shown).
 */
export function createTeamsMessageSink(messenger: TeamsMessenger, log: Logger) {
  return function messageSink(place: TeamsPlace, who: () => Pick<Actor, 'name' | 'userId'>): ReplySink {
    const here = place.conversation.id;
    return {
      async show(result) {
        if (result.visibility === 'channel' || place.type === 'personal')
          return messenger.post(here, result.view);
        let ref: Awaited<ReturnType<typeof messenger.sendDirect>>;
        try {
          ref = await messenger.sendDirect(who().userId, result.view);
        } catch (err) {
          log.warn({ err: { message: (err as Error).message } }, 'could not open a private chat in Teams');
        }
        await messenger.post(here, privateNotice(who(), result.view, result.channelNotice, !!ref));
        return ref;
      },
      update: (ref, view) => messenger.update(ref, view),
    };
  };
}
