import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.ts';
import { personalChatId } from '../../fixtures/teams/activities.ts';
import { countingStore } from '../../helpers/counting-store.ts';
import { cardOf, cardTitle, startTeamsHarness, TEAMS_USERS, type TeamsHarness } from './teams-harness.ts';

const alice = TEAMS_USERS.alice;

describe('a Teams message answered in its own turn (issue 13)', () => {
  let h: TeamsHarness | undefined;
  let counted: ReturnType<typeof countingStore> | undefined;
  afterEach(async () => {
    await h?.close();
    await counted?.store.close();
    h = undefined;
    counted = undefined;
  });

  it('sends help before Teams gets its 200, as a reply to the message, and stores nothing for it', async () => {
    counted = countingStore(createStore('sqlite://:memory:'));
    h = await startTeamsHarness({ store: counted.store });
    await h.message('help'); // the first turn learns the conversation and the person
    await h.idle();
    counted.take();
    const before = h.connector.activities.length;

    const res = await h.message('help');
    // No idle(): the reply is already at the connector when the HTTP answer comes back.
    expect(res.status).toBe(200);
    const replies = h.connector.activities.slice(before);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ method: 'POST', conversationId: personalChatId(alice) });
    expect(replies[0]!.replyToId).toBeTruthy();
    const card = cardOf(replies[0]!);
    expect(cardTitle(card)).toContain('Gatehouse commands');
    // A card without buttons never changes: no refresh action, and no card tracking in the store.
    expect(card).not.toHaveProperty('refresh');
    await h.idle();
    // Only the claim that keeps a resent activity from running twice.
    expect(counted.take()).toEqual({ 'teams:activity': 1 });
  });
  // A private answer asked for in a channel still goes to the 1:1 chat after the answer to Teams:
  // teams-endpoint.test.ts, 'sends a private answer to the 1:1 chat'.
});
