import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/step-up/totp.ts';
import {
  cardOf,
  cardTitle,
  findAction,
  startTeamsHarness,
  TEAMS_USERS,
  type TeamsHarness,
} from '../adapters/teams/teams-harness.ts';
import type { ConnectorActivity } from '../fakes/bot-connector-server.ts';
import { CHANNEL_ID, personalChatId } from '../fixtures/teams/activities.ts';

/** The example policy, with confirming an rport command behind step-up. */
const policyText = `${readFileSync('policy.example.yaml', 'utf8')}
step_up:
  for: [rport.confirm]
  within: 5m
`;

type Element = { type?: string; id?: string; url?: string; isRequired?: boolean } & Record<string, unknown>;

/** Every element of a card body, containers and column sets opened. */
function elementsOf(node: unknown): Element[] {
  if (!node || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap(elementsOf);
  const el = node as Element;
  const inner = ['body', 'items', 'columns', 'card'].flatMap((k) => elementsOf(el[k]));
  return [el, ...inner, ...elementsOf(el.actions)];
}

const alice = TEAMS_USERS.alice;

describe('step-up on Teams, over /api/messages', () => {
  let h: TeamsHarness;
  afterEach(async () => {
    await h?.close();
  });

  /** The newest post in a conversation after `seen` posts there. */
  async function nextPost(conversationId: string, seen: number): Promise<ConnectorActivity> {
    return h.connector.waitFor(
      () => h.connector.posts(conversationId).length > seen && h.connector.posts(conversationId).at(-1),
      `a post in ${conversationId}`,
    );
  }

  it('enrols in the 1:1 chat, asks for a code before Run, refuses a wrong one, runs once on the right one', async () => {
    h = await startTeamsHarness({
      policyText,
      env: { GATEHOUSE_SECRET_KEY: randomBytes(32).toString('base64') },
    });
    const dm = personalChatId(alice);

    // Enrolment in Alice's 1:1 chat: the otpauth URI and the QR as an inline data: image, no URL to fetch.
    await h.message('mfa enroll');
    await h.idle();
    const enrolCard = cardOf(await nextPost(dm, 0));
    const enrolText = JSON.stringify(enrolCard);
    expect(enrolText).toContain('otpauth://totp/');
    const secret = /secret=([A-Z2-7]+)/.exec(enrolText)?.[1];
    expect(secret).toBeDefined();
    const images = elementsOf(enrolCard).filter((e) => e.type === 'Image');
    expect(images).toHaveLength(1);
    expect(images[0]!.url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    expect(enrolText).not.toMatch(/https?:\/\/[^"]*\.png/);

    // Confirm with the previous step's code, so the current one stays unused for the prompt.
    const beforeConfirm = h.connector.posts(dm).length;
    await h.message(`mfa confirm ${totpCode(secret!, new Date(Date.now() - 30_000))}`);
    await h.idle();
    expect(JSON.stringify(cardOf(await nextPost(dm, beforeConfirm)))).toContain('Authenticator enrolled');

    // The secret is at rest only sealed, under Alice's verified UPN/email.
    const stored = await h.gatehouse.store.get(`mfa:secret:${alice.email}`);
    expect(stored).toBeTruthy();
    expect(JSON.stringify(stored)).not.toContain(secret!);

    // The confirmation card in a channel (where cards keep their content); Run answers with the prompt.
    await h.message('rport run web-01 -- uptime', 'alice', 'channel');
    await h.idle();
    const card = h.connector.posts().find((p) => p.conversationId.startsWith(CHANNEL_ID));
    expect(card).toBeDefined();
    const run = await h.click(card!, 'Run');
    expect(run.body.type).toBe('application/vnd.microsoft.activity.message');
    expect(String(run.body.value)).toContain('sent to you in your chat with Gatehouse');
    await h.idle();
    expect(h.rport.commandCalls()).toHaveLength(0);

    // The prompt: a private card in Alice's chat with the bot, a required `code` input and its button.
    const prompt = await h.connector.waitFor(
      () => h.connector.posts().find((p) => JSON.stringify(p.activity).includes('Verify and continue')),
      'the code prompt',
    );
    expect(prompt.conversationId).not.toContain(CHANNEL_ID);
    expect(prompt.conversationId.startsWith('a:')).toBe(true);
    const promptCard = cardOf(prompt);
    expect(JSON.stringify(promptCard)).toContain('Verification needed');
    const verify = findAction(promptCard, 'Verify and continue');
    expect(verify.type).toBe('Action.Execute');
    const codeInput = elementsOf(promptCard).find((e) => e.type === 'Input.Text');
    expect(codeInput?.id).toMatch(/^code(~\d+)?$/);
    expect(codeInput?.isRequired).toBe(true);

    // Teams sends the card's input values in the action data, under the inputs' ids.
    const submit = (code: string) =>
      h.click(prompt, 'Verify and continue', 'alice', { [codeInput!.id!]: code });

    const wrong = await submit('000000');
    await h.idle();
    const wrongSaid = JSON.stringify(wrong.body.value) + JSON.stringify(h.connector.posts().at(-1)?.activity);
    expect(wrongSaid).toMatch(/not right; 4 tries left/);
    expect(h.rport.commandCalls()).toHaveLength(0);

    await submit(totpCode(secret!, new Date()));
    await h.idle();
    await expect.poll(() => h.rport.commandCalls().length, { timeout: 5000 }).toBe(1);
    await expect
      .poll(() => cardTitle(cardOf(h.connector.updates(card!.activityId).at(-1) ?? card!)), {
        timeout: 5000,
      })
      .toContain('Finished');
    // The outcome is on the channel card, not on the private prompt.
    expect(
      h.connector.updates(card!.activityId).every((u) => u.conversationId === card!.conversationId),
    ).toBe(true);
    expect(h.connector.updates(prompt.activityId)).toHaveLength(0);
    expect(h.rport.commandCalls()).toHaveLength(1);
    expect(h.rport.commandCalls()[0]!.body).toMatchObject({ command: 'uptime' });

    const stepUp = h.logs.lines.filter((l) => l.includes('"action":"step_up"'));
    expect(stepUp.some((l) => l.includes('"decision":"verified"'))).toBe(true);
    expect(h.logs.text()).not.toContain(secret!);
  });
});
