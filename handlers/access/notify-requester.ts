import type { Messenger } from '../../src/intents/envelope.ts';
import type { View } from '../../src/views/view.ts';
import type { HandlerDeps } from '../deps.ts';
import { finalLine } from './access-card.ts';
import type { AccessState } from './access-state.ts';

/** The requester's own words about the outcome: what they asked for, and what was decided. */
export function outcomeView(state: AccessState, now: Date): View {
  const approved = state.status === 'approved';
  const line = finalLine(state, now);
  const text = `Your request for admin rights on ${state.request.computer.name}: ${line}.`;
  return {
    title: approved ? 'Admin access approved' : 'Admin access denied',
    state: approved ? 'success' : 'denied',
    summary: text,
    blocks: [
      { type: 'text', text },
      ...(approved
        ? [
            {
              type: 'context' as const,
              text: 'PM Cloud applies it on your computer shortly; it ends by itself when the time is up.',
            },
          ]
        : []),
    ],
  };
}

/**
 * Tell the requester the outcome in a direct message, on the first configured platform that knows their
 * email. Not finding them, or a platform failing, is logged: the decision itself has already been made.
 */
export async function notifyRequester(deps: HandlerDeps, state: AccessState): Promise<boolean> {
  const { user } = state.request;
  const email = user.email ?? (user.name.includes('@') ? user.name : undefined);
  if (!email) return false;
  const messengers = Object.values(deps.messengers).filter((m): m is Messenger => !!m?.lookupUserByEmail);
  for (const messenger of messengers) {
    try {
      const userId = await messenger.lookupUserByEmail?.(email);
      if (!userId) continue;
      await messenger.sendDirect(userId, outcomeView(state, deps.now()));
      return true;
    } catch (err) {
      deps.log.warn(
        { err, platform: messenger.platform, request: state.id },
        'could not tell the requester the outcome',
      );
    }
  }
  return false;
}
