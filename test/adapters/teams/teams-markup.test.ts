import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWireAdminAccessRequest } from '../../fakes/pmcloud/seed.ts';
import { startFakePmCloud } from '../../fakes/pmcloud-server.ts';
import { CHANNEL_ID } from '../../fixtures/teams/activities.ts';
import { PMC_ID, PMC_SECRET } from '../../handlers/access/access-harness.ts';
import { cardOf, startTeamsHarness } from './teams-harness.ts';

/** The example policy, with the approvals channel on Teams. */
const policyText = readFileSync('policy.example.yaml', 'utf8').replace(
  /(access:[\s\S]*?\n {4}teams: )\[\]/,
  `$1['${CHANNEL_ID}']`,
);

type Node = Record<string, unknown>;
const nodes = (value: unknown): Node[] =>
  Array.isArray(value)
    ? value.flatMap(nodes)
    : typeof value === 'object' && value !== null
      ? [value as Node, ...Object.values(value).flatMap(nodes)]
      : [];

/** `[text](url)` that markdown would turn into a link. */
const LIVE_LINK = /(?<!\\)\[Verify(?<!\\)\]\(/;

describe('PM Cloud text in the Teams approvers channel (issue 10, finding 9)', () => {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const o of open.splice(0).reverse()) await o.close();
  });

  it('shows a user name and reason carrying a markdown link as text, not as a disguised link', async () => {
    const fake = await startFakePmCloud({
      clientId: PMC_ID,
      clientSecret: PMC_SECRET,
      seed: [
        makeWireAdminAccessRequest({
          userName: 'CORP\\[Verify](https://evil.example)',
          reason: 'Urgent: [Verify](https://evil.example) your account **now**',
        }),
      ],
    });
    open.push(fake);
    const h = await startTeamsHarness({
      policyText,
      env: { PMC_URL: fake.url, PMC_CLIENT_ID: PMC_ID, PMC_CLIENT_SECRET: PMC_SECRET },
    });
    open.push(h);
    await h.install('channel');
    await h.gatehouse.pollers['pmc-access']!.runOnce();
    const [posted] = h.connector.posts(CHANNEL_ID);
    const card = cardOf(posted!);
    const all = nodes(card);
    expect(JSON.stringify(card)).toContain('evil.example');
    const markdown = [
      ...all.filter((n) => n.type === 'TextBlock').map((n) => String(n.text)),
      ...all
        .filter((n) => n.type === 'FactSet')
        .flatMap((n) => (n.facts as Node[]).map((f) => String(f.value))),
    ];
    for (const text of markdown) expect(text).not.toMatch(LIVE_LINK);
  });
});
