import type { AdaptiveCard } from '../../cards/adaptive-card.ts';
import {
  cardOf,
  cardTitle,
  findAction,
  hasAction,
  startTeamsHarness,
  TEAMS_USERS,
} from '../adapters/teams/teams-harness.ts';
import { adaptiveCardProblems } from '../cards/adaptive-parse.ts';
import { CHANNEL_ID, invokeActivity } from '../fixtures/teams/activities.ts';
import { signedAlert } from './alerts.ts';
import type { World } from './contract-world.ts';
import type { Driver } from './driver.ts';
import { auditTrail, recordIntents, type Shown, settleOn, summaryAfter } from './trace.ts';

interface Answer {
  /** How many connector activities there were when the answer arrived (its place in the order). */
  at: number;
  card: string;
  body: { statusCode: number; type: string; value: unknown };
}

/** The labels of the card's facts. */
const fieldsOf = (card: AdaptiveCard) =>
  card.body
    .filter((e) => e.type === 'FactSet')
    .flatMap((e) => (e.facts as Array<{ title: string }>).map((f) => f.title));

const isPersonalChat = (conversationId: string) => conversationId.startsWith('a:');
/** Teams' stand-ins for Slack's ephemeral messages: the channel line and the pointer to the 1:1 chat. */
const GENERIC_NOTICE = /sent to you privately, in your chat with Gatehouse\.$/;
const POINTER = /: sent to you in your chat with Gatehouse\.$/;

/**
 * Teams through its real HTTP endpoint (anonymous): channel messages with the bot's @mention, Action.Execute
 * invokes with the card's input values; replies read at the fake connector and from the invoke answers.
 * Every card it sees must parse cleanly in the adaptivecards package.
 */
export async function startTeamsDriver(world: World): Promise<Driver> {
  const h = await startTeamsHarness({ env: world.env, policyText: world.policyText, rport: world.rport });
  await h.install('channel'); // the bot is in the team, so it can post to the team's channels
  const intents = recordIntents(h.gatehouse);
  const answers: Answer[] = [];
  const badCards: string[] = [];

  const checked = (card: AdaptiveCard): AdaptiveCard => {
    const problems = adaptiveCardProblems(card);
    if (problems.length) badCards.push(`${cardTitle(card)}: ${problems.join('; ')}`);
    return card;
  };

  function shown(): Shown[] {
    const out: Shown[] = [];
    const answerAt = (i: number) => {
      for (const a of answers.filter((x) => x.at === i)) {
        if (a.body.type === 'application/vnd.microsoft.card.adaptive') {
          const card = checked(a.body.value as AdaptiveCard);
          const title = cardTitle(card);
          out.push({
            audience: 'channel',
            card: a.card,
            title,
            summary: summaryAfter(card.fallbackText, title),
            fields: fieldsOf(card),
          });
        } else if (!POINTER.test(String(a.body.value))) {
          out.push({ audience: 'private', summary: String(a.body.value) });
        }
      }
    };
    h.connector.activities.forEach((activity, i) => {
      answerAt(i);
      const card = checked(cardOf(activity) as unknown as AdaptiveCard);
      const title = cardTitle(card);
      const summary = summaryAfter(card.fallbackText, title);
      if (isPersonalChat(activity.conversationId)) out.push({ audience: 'private', summary });
      else if (!GENERIC_NOTICE.test(summary))
        out.push({
          audience: 'channel',
          card: `${activity.conversationId}/${activity.activityId}`,
          title,
          summary,
          fields: fieldsOf(card),
        });
    });
    answerAt(h.connector.activities.length);
    return out;
  }

  const activity = () => h.connector.requests.length + answers.length;

  return {
    platform: 'teams',
    gatehouse: h.gatehouse,
    async say(person, text) {
      const res = await h.message(text, person, 'channel');
      if (res.status !== 200) throw new Error(`Teams message answered ${res.status}`);
    },
    async press(person, label, inputs = {}) {
      const version = [...h.connector.activities]
        .reverse()
        .find((a) => !isPersonalChat(a.conversationId) && hasAction(cardOf(a), label));
      if (!version) throw new Error(`no card with a "${label}" button`);
      const card = cardOf(version);
      const action = findAction(card, label);
      // What the Teams client sends: the button's data and, for 'auto', the card's current input values.
      const selects = (card.body as Array<{ type: string; id?: string; value?: string }>).filter(
        (e) => e.type === 'Input.ChoiceSet' && e.id && e.value !== undefined,
      );
      const current = Object.fromEntries(selects.map((s) => [s.id!, s.value!]));
      const withInputs = (action as { associatedInputs?: string }).associatedInputs === 'auto';
      const data = { ...action.data, ...(withInputs ? current : {}), ...inputs };
      const res = await h.send(
        invokeActivity(
          h.connector.serviceUrl,
          TEAMS_USERS[person],
          { conversationId: version.conversationId, activityId: version.activityId },
          { verb: action.verb!, data },
        ),
      );
      if (res.status !== 200) throw new Error(`invoke answered ${res.status}`);
      answers.push({
        at: h.connector.activities.length,
        card: `${version.conversationId}/${version.activityId}`,
        body: JSON.parse(res.body),
      });
    },
    async alert(body) {
      const raw = JSON.stringify(body);
      const res = await h.post(raw, signedAlert(raw), '/alerts');
      if (res.status !== 202) throw new Error(`POST /alerts answered ${res.status}: ${res.body}`);
    },
    async poll(name) {
      await h.gatehouse.pollers[name]!.runOnce();
    },
    async settle(done = () => true) {
      await h.idle();
      await settleOn(activity, () => done(shown()), 'Teams to settle');
      await h.idle();
      if (badCards.length) throw new Error(`cards that do not parse: ${badCards.join(' | ')}`);
    },
    shown,
    intents,
    audit: () => auditTrail(h.gatehouse),
    channel: CHANNEL_ID,
    close: () => h.close(),
  };
}
