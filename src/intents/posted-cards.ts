import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { View } from '../views/view.ts';
import type { ChannelTarget, MessageRef, Messengers } from './envelope.ts';

/**
 * The copies of one card posted into several channels on several platforms (an access request, an alert),
 * kept in the store under one key so every copy can be updated when the state changes, by any replica.
 */
export function createPostedCards(store: Store, messengers: Messengers, log: Logger) {
  const key = (subject: string) => `posted:${subject}`;

  async function refs(subject: string): Promise<MessageRef[]> {
    return (await store.get<MessageRef[]>(key(subject))) ?? [];
  }

  return {
    refs,

    /** Post `view` to each target whose platform is configured; returns the refs that were posted. */
    async post(subject: string, targets: ChannelTarget[], view: View): Promise<MessageRef[]> {
      const posted: MessageRef[] = [];
      for (const target of targets) {
        const messenger = messengers[target.platform];
        if (!messenger) continue;
        try {
          const ref = await messenger.post(target.channel, view);
          posted.push(ref);
          await store.update<MessageRef[]>(key(subject), (cur) => [...(cur ?? []), ref]);
        } catch (err) {
          log.error(
            { err, platform: target.platform, channel: target.channel, subject },
            'could not post a card',
          );
        }
      }
      return posted;
    },

    /** Record a copy posted elsewhere (a card shown in answer to a command). */
    async add(subject: string, ref: MessageRef): Promise<void> {
      await store.update<MessageRef[]>(key(subject), (cur) =>
        cur?.some((r) => r.platform === ref.platform && r.channel === ref.channel && r.id === ref.id)
          ? undefined
          : [...(cur ?? []), ref],
      );
    },

    /** Bring every copy to `view`; a copy that cannot be updated is logged, the others still change. */
    async updateAll(subject: string, view: View): Promise<number> {
      let updated = 0;
      for (const ref of await refs(subject)) {
        const messenger = messengers[ref.platform];
        if (!messenger) continue;
        try {
          await messenger.update(ref, view);
          updated += 1;
        } catch (err) {
          log.error(
            { err, platform: ref.platform, channel: ref.channel, subject },
            'could not update a posted card',
          );
        }
      }
      return updated;
    },
  };
}

export type PostedCards = ReturnType<typeof createPostedCards>;

/** Policy channel lists → targets. */
export function channelTargets(channels: {
  slack: string[];
  teams: string[];
  console?: string[];
}): ChannelTarget[] {
  return [
    ...channels.slack.map((channel) => ({ platform: 'slack' as const, channel })),
    ...channels.teams.map((channel) => ({ platform: 'teams' as const, channel })),
    ...(channels.console ?? []).map((channel) => ({ platform: 'console' as const, channel })),
  ];
}
