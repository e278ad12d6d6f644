import type { TurnContext } from 'botbuilder';
import type { IntentResult } from '../../src/intents/intent.ts';
import type { Logger } from '../../src/log.ts';
import type { TeamsPlace } from './teams-envelope.ts';
import type { TeamsMessenger } from './teams-messenger.ts';

/**
 * A reply that can go back inside the message's own turn, as bare botbuilder replies: ready, shown here
 * (a channel reply, or anything in the person's 1:1 chat), with nothing to run after it and no buttons —
 * a card without buttons never changes, so it is neither tracked nor stored. Everything else (a private
 * answer asked for in a channel, a card with buttons, work that goes on) is delivered after the answer to
 * Teams, through the conversation reference.
 */
export function fitsInTurn(result: IntentResult, place: TeamsPlace): boolean {
  const { view } = result;
  return (
    (result.visibility === 'channel' || place.type === 'personal') &&
    !result.followUp &&
    !result.channelNotice &&
    !(view.actions?.length ?? 0) &&
    !(view.inputs?.length ?? 0)
  );
}

/**
 * Send the reply with the turn's own context. True when it went; false (logged) when it could not go now, so
 * the turn runner delivers it through the conversation reference instead — nothing is lost.
 */
export async function replyInTurn(options: {
  context: TurnContext;
  place: TeamsPlace;
  messenger: TeamsMessenger;
  result: IntentResult | undefined;
  log: Logger;
}): Promise<boolean> {
  const { context, place, messenger, result, log } = options;
  if (!result || !fitsInTurn(result, place)) return false;
  try {
    await context.sendActivity(messenger.cardActivity(result.view));
    return true;
  } catch (err) {
    log.warn(
      { err: { message: (err as Error).message } },
      'could not reply in the Teams turn; sending it after',
    );
    return false;
  }
}
