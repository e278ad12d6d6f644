import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeRemoteSupport, startFakeRemoteSupport } from '../../fakes/remote-support-server.ts';
import { personalChatId } from '../../fixtures/teams/activities.ts';
import { examplePolicy, RS_CLIENT_ID, RS_CLIENT_SECRET } from '../../handlers/remote-support/rs-dispatch.ts';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack-harness.ts';
import { storeFileText } from './read-store-file.ts';
import { cardOf, startTeamsHarness, TEAMS_USERS, type TeamsHarness } from './teams-harness.ts';

/** The seven digits as a whole number, so a timestamp that happens to contain them does not count. */
const digits = (key: string) => new RegExp(`(?<!\\d)${key}(?!\\d)`);

/** Every key and value in the SQLite file must be free of every issued session key and its link. */
function expectNoKeys(stored: string, rs: FakeRemoteSupport) {
  expect(rs.keysIssued.length).toBeGreaterThan(0);
  expect(stored.length).toBeGreaterThan(0);
  for (const { shortKey, keyUrl } of rs.keysIssued) {
    expect(stored).not.toMatch(digits(shortKey));
    expect(stored).not.toContain(keyUrl);
    expect(stored).not.toContain(encodeURIComponent(keyUrl));
  }
  expect(stored).not.toContain('short_key');
  expect(stored).not.toContain(RS_CLIENT_SECRET);
}

describe('no session key is ever written to the store (issue 10, finding 7)', () => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  async function setUp() {
    const path = join(mkdtempSync(join(tmpdir(), 'gh-keys-')), 'store.sqlite');
    const rs = await startFakeRemoteSupport({ clientId: RS_CLIENT_ID, clientSecret: RS_CLIENT_SECRET });
    open.push(rs);
    const env = { STORE_URL: `sqlite://${path}`, RS_URL: rs.url, RS_CLIENT_ID, RS_CLIENT_SECRET };
    return { path, rs, env, policyText: examplePolicy({ announce: true }) };
  }

  it('on Slack', async () => {
    const { path, rs, env, policyText } = await setUp();
    const h: SlackHarness = await startSlackHarness({ env, policyText });
    open.push(h);
    await h.slash('sessionkey --team Helpdesk --expires 30m');
    await h.slack.waitForResponses(1);
    await h.slack.waitFor('chat.postMessage');
    expect(JSON.stringify(h.slack.responses[0]!.body)).toMatch(digits(rs.keysIssued[0]!.shortKey));
    expectNoKeys(await storeFileText(path), rs);
  });

  it('on Teams, in the 1:1 chat and asked from a channel', async () => {
    const { path, rs, env, policyText } = await setUp();
    const h: TeamsHarness = await startTeamsHarness({ env, policyText });
    open.push(h);
    await h.message('sessionkey --team Helpdesk', 'alice');
    await h.message('sessionkey --team Helpdesk', 'alice', 'channel');
    await h.idle();
    expect(rs.keysIssued).toHaveLength(2);
    // The keys did reach Alice, in her chat with Gatehouse.
    const dm = h.connector.activities
      .filter((a) => a.conversationId.startsWith('a:'))
      .map((a) => JSON.stringify(cardOf(a)))
      .join('\n');
    for (const { shortKey } of rs.keysIssued) expect(dm).toMatch(digits(shortKey));
    expect(h.connector.posts(personalChatId(TEAMS_USERS.alice)).length).toBeGreaterThan(0);
    expectNoKeys(await storeFileText(path), rs);
  });
});
