import type { Activity } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, renderAdaptiveCard } from '../../cards/adaptive-card.ts';
import { clip } from '../../cards/state-marks.ts';
import type { MessageRef, Messenger } from '../../src/intents/envelope.ts';
import type { Logger } from '../../src/log.ts';
import type { View } from '../../src/views/view.ts';
import { emailOf } from './resolve-teams-actor.ts';
import type { TeamsCardTracker } from './teams-card-tracker.ts';
import type { TeamsConnector } from './teams-connector.ts';
import type { TeamsDirectory, TeamsPerson } from './teams-directory.ts';

export interface TeamsMessenger extends Messenger {
  /** The message activity that shows `view` as a card, tracked under `subject` when it has one. */
  cardActivity(view: View, subject?: string): Partial<Activity>;
}

/**
 * Teams delivery: every card is an Adaptive Card tracked under a subject, so a later update (from any
 * replica, or because a decision was made on Slack) and a refresh both show the current view.
 */
export function createTeamsMessenger(options: {
  connector: TeamsConnector;
  directory: TeamsDirectory;
  cards: TeamsCardTracker;
  log: Logger;
}): TeamsMessenger {
  const { connector, directory, cards, log } = options;

  /** Learn everyone in the teams the bot is in (at most every ten minutes per team), with their emails. */
  async function readRosters(): Promise<void> {
    for (const teamId of await directory.teams()) {
      if (!(await directory.mayFetchRoster(teamId))) continue;
      const reference = await directory.reference(teamId);
      if (!reference?.serviceUrl) continue;
      try {
        for (const m of await connector.members(teamId)) {
          const email = emailOf(m);
          await directory.savePerson({
            id: m.id,
            name: m.name ?? '',
            serviceUrl: reference.serviceUrl,
            ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}),
            ...(email ? { email } : {}),
            ...(reference.conversation?.tenantId ? { tenantId: reference.conversation.tenantId } : {}),
          });
        }
      } catch (err) {
        log.warn(
          { err: { message: (err as Error).message }, teamId },
          'could not list the members of a team',
        );
      }
    }
  }

  const cardActivity = (view: View, subject?: string): Partial<Activity> => {
    const card = renderAdaptiveCard(view, subject ? { subject } : {});
    return {
      type: 'message',
      summary: clip(card.fallbackText, 200),
      attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }],
    };
  };

  const messenger: TeamsMessenger = {
    platform: 'teams',
    cardActivity,

    async post(channel, view) {
      const subject = cards.newSubject();
      const id = await connector.send(channel, cardActivity(view, subject));
      const ref: MessageRef = { platform: 'teams', channel, id };
      await cards.save(subject, view, ref);
      return ref;
    },

    async update(ref, view) {
      const subject = (await cards.subjectOf(ref)) ?? cards.newSubject();
      await connector.update(ref.channel, ref.id, cardActivity(view, subject));
      await cards.save(subject, view, ref);
    },

    async sendDirect(user, view) {
      const known = await directory.person(user);
      const service = known ? undefined : await directory.service();
      if (!known && !service) return undefined;
      const person: TeamsPerson = known ?? { id: user, name: '', serviceUrl: service!.serviceUrl };
      const chat = await connector.personalChat(person);
      return messenger.post(chat, view);
    },

    async lookupUserByEmail(email) {
      const known = await directory.userIdByEmail(email);
      if (known) return known;
      await readRosters();
      return directory.userIdByEmail(email);
    },
  };
  return messenger;
}
