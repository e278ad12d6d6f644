import { afterEach, describe, expect, it } from 'vitest';
import { invokeActivity } from '../../fixtures/teams/activities.ts';
import {
  cardOf,
  cardTitle,
  findAction,
  startTeamsHarness,
  TEAMS_USERS,
  type TeamsHarness,
} from './teams-harness.ts';

describe('a Teams invoke is answered first, whatever the vendors do', () => {
  let h: TeamsHarness;
  afterEach(async () => {
    h.rport.delayResponses(0);
    await h?.close();
  });

  it('answers with an in-progress card while rport takes 5 s, then updates the card to the result', async () => {
    h = await startTeamsHarness();
    // In a channel, where the card is everyone's (cards in a 1:1 chat keep no content in the store).
    await h.message('rport run web-01 -- uptime', 'alice', 'channel');
    await h.idle();
    const [posted] = h.connector.posts();
    const run = findAction(cardOf(posted!), 'Run');
    const invoke = invokeActivity(
      h.connector.serviceUrl,
      TEAMS_USERS.alice,
      { conversationId: posted!.conversationId, activityId: posted!.activityId },
      { verb: run.verb!, data: run.data! },
    );

    h.rport.delayResponses(5000);
    const res = await h.send(invoke);
    // The invoke's answer arrived while rport still held the command call: the answer did not wait for it.
    expect(h.rport.commandCalls()).toHaveLength(1);
    expect(h.rport.unanswered()).toBeGreaterThanOrEqual(1);
    const answer = JSON.parse(res.body) as { type: string; value: object };
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardTitle(answer.value)).toBe('🔄 Run on 1 client?');
    expect(JSON.stringify(answer.value)).toContain('Gatehouse is working on it');
    expect((answer.value as { actions?: unknown[] }).actions ?? []).toHaveLength(0);

    // Teams retries the same invoke: it is answered with the card as it is, and nothing runs twice.
    const retry = JSON.parse((await h.send(invoke)).body) as { type: string };
    expect(retry.type).toBe('application/vnd.microsoft.card.adaptive');

    h.rport.delayResponses(0); // rport answers the held call after its 5 s; later polls at once
    await h.idle();
    expect(h.rport.unanswered()).toBe(0);
    expect(h.rport.commandCalls()).toHaveLength(1);
    const final = cardOf(h.connector.updates(posted!.activityId).at(-1)!);
    expect(cardTitle(final)).toBe('✅ Finished: 1 of 1 successful');
    expect(JSON.stringify(final)).toContain('Confirmed by Alice Admin');
  }, 20_000);
});
