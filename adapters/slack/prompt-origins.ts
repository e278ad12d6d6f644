import type { ReplySink } from '../../src/intents/deliver.ts';
import type { Store } from '../../src/store/store.ts';
import { noticeView } from '../../src/views/view.ts';
import type { ClickSource } from './slack-click-envelope.ts';
import type { SlackMessenger } from './slack-messenger.ts';

/** A prompt is pressed within minutes; its origin is forgotten after an hour. */
const ORIGIN_MS = 3_600_000;
/** What a pressed prompt turns into: the outcome itself goes to the card the prompt was for. */
const PROMPT_DONE = 'Done: the card where you first pressed the button shows the outcome.';

interface Origin {
  channelId: string;
  messageTs: string;
}

/**
 * A private card with buttons answering a click on a channel card (a step-up prompt) is an ephemeral
 * message: a press there would otherwise show its outcome in that ephemeral, and leave the channel card
 * with its buttons. The card it was for is remembered per button reference and person, and a press on the
 * prompt shows its outcome on that card, while the prompt turns into a one-line notice.
 */
export function createPromptOrigins(store: Store, messenger: SlackMessenger) {
  const key = (ref: string, userId: string) => `slack:prompt-origin:${ref}:${userId}`;

  return {
    /** The click as it should be answered: on the card a pressed prompt was sent for. */
    async resolve(click: ClickSource, ref: string): Promise<{ click: ClickSource; fromPrompt: boolean }> {
      if (!click.isEphemeral) return { click, fromPrompt: false };
      const origin = await store.get<Origin>(key(ref, click.userId));
      if (!origin) return { click, fromPrompt: false };
      return { click: { ...click, ...origin, isEphemeral: false }, fromPrompt: true };
    },

    /** Wrap a click's sink: remember where a prompt came from, and close a pressed prompt once it acted. */
    wrap(sink: ReplySink, click: ClickSource, fromPrompt: boolean): ReplySink {
      return {
        async show(result) {
          const shown = await sink.show(result);
          const refs = result.view.actions?.map((a) => a.ref) ?? [];
          if (
            result.visibility === 'private' &&
            refs.length &&
            !click.isEphemeral &&
            click.channelId &&
            click.messageTs
          ) {
            const origin: Origin = { channelId: click.channelId, messageTs: click.messageTs };
            for (const ref of new Set(refs)) await store.set(key(ref, click.userId), origin, ORIGIN_MS);
          }
          if (fromPrompt && result.visibility === 'channel' && click.responseUrl)
            await messenger.respond(
              click.responseUrl,
              noticeView(result.view.title, PROMPT_DONE, 'info'),
              'replace',
            );
          return shown;
        },
        update: sink.update,
      };
    },
  };
}
