import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { composeHandlerDeps } from '../../adapters/compose-handlers.ts';
import { mfaIntents } from '../../handlers/mfa/mfa-intents.ts';
import { createAuditLog } from '../../src/intents/audit-log.ts';
import { defineButtonIntent, mayConfirm, onCard } from '../../src/intents/button-intent.ts';
import { createDispatcher, type Dispatcher } from '../../src/intents/dispatcher.ts';
import type { Actor } from '../../src/intents/envelope.ts';
import { type Intent, refInput } from '../../src/intents/intent.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';
import { totpCode } from '../../src/step-up/totp.ts';
import { wireStepUp } from '../../src/step-up/wire-step-up.ts';
import type { Store } from '../../src/store/store.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { storeBackends } from '../helpers/stores.ts';

const POLICY = `
roles:
  approver:
    members: [carol@example.com]
    intents: [demo.approve, mfa.reset]
step_up:
  for: [demo.approve]
  within: 5m
`;
const carol: Actor = { platform: 'slack', userId: 'UCAROL', name: 'Carol', email: 'carol@example.com' };
const conversation = { platform: 'slack' as const, id: 'C1' };
const KEY = randomBytes(32);

describe.each(storeBackends)('step-up through the dispatcher on %s', (_name, makeStore) => {
  let store: Store;
  let dispatcher: Dispatcher;
  let calls: Array<Record<string, unknown>>;
  let clock: Date;
  let logs: ReturnType<typeof captureLogs>;
  let ref = '';

  async function setUp() {
    store = makeStore();
    logs = captureLogs();
    clock = new Date('2026-12-03T10:00:05Z');
    calls = [];
    const now = () => clock;
    const policy = createPolicyEngine(parsePolicy(POLICY));
    const stepUp = wireStepUp({ secretKey: KEY, policy, store, now });
    const deps = {
      ...composeHandlerDeps({ vendors: {}, store, policy, messengers: {}, log: logs.log, now }),
      stepUp: stepUp.stepUp!,
    };
    // A privileged button through the one button flow: confirmed by the requester, with a duration choice.
    const approve = defineButtonIntent({
      name: 'demo.approve',
      summary: 'a privileged button',
      kind: 'demo',
      input: refInput.extend({ duration: z.string().optional() }),
      pending: deps.pending,
      describe: () => ({ targets: ['demo'] }),
      mayPress: mayConfirm,
      async act(_action, input) {
        calls.push(input);
        return onCard({ title: 'Approved', state: 'success', summary: 'done' }, 'approved', 'ok');
      },
    });
    const pending = await deps.pending.create({
      kind: 'demo',
      requester: carol,
      params: {},
      confirm: { mode: 'requester' },
      conversation,
      ttlSec: 600,
    });
    ref = pending.id;
    dispatcher = createDispatcher({
      intents: [approve, ...mfaIntents(deps)] as Intent[],
      policy,
      audit: createAuditLog(store, logs.log, now),
      log: logs.log,
      messengers: {},
      configured: new Set(),
      now,
      stepUp: stepUp.dispatcher!,
    });
  }
  afterEach(async () => {
    await store?.close();
  });

  const press = (values: Record<string, string>) =>
    dispatcher.dispatch('demo.approve', { ref, ...values }, { actor: carol, conversation });
  const say = (text: string) => dispatcher.handleText(text, { actor: carol, conversation });

  async function enrol(): Promise<string> {
    const enrolled = await say('mfa enroll');
    expect(enrolled.visibility).toBe('private');
    expect(enrolled.view.image?.dataUri).toMatch(/^data:image\/png;base64,/);
    const uri = enrolled.view.blocks?.find((b) => b.type === 'code')?.text ?? '';
    const secret = new URL(uri).searchParams.get('secret')!;
    expect((await say(`mfa confirm ${totpCode(secret, clock)}`)).view.title).toBe('Authenticator enrolled');
    clock = new Date(clock.getTime() + 60_000);
    return secret;
  }

  it('refuses a person with no authenticator, and does nothing', async () => {
    await setUp();
    const answer = await press({ duration: '3600' });
    expect(answer.view.summary).toMatch(/mfa enroll/);
    expect(calls).toEqual([]);
  });

  it('asks for a code first, refuses a wrong one, then acts once on the right one with the carried values', async () => {
    await setUp();
    const secret = await enrol();
    const prompt = await press({ duration: '3600' });
    expect(prompt.visibility).toBe('private');
    expect(prompt.view.actions).toEqual([
      expect.objectContaining({ verb: 'demo.approve', ref, inputs: ['duration', 'code'] }),
    ]);
    expect(prompt.view.inputs?.find((i) => i.id === 'duration')).toMatchObject({ initial: '3600' });
    expect(calls).toEqual([]);

    const wrong = await press({ duration: '3600', code: '000000' });
    expect(wrong.view.summary).toMatch(/not right; 4 tries left/);
    expect(calls).toEqual([]);

    const code = totpCode(secret, clock);
    expect((await press({ duration: '3600', code })).view.title).toBe('Approved');
    expect(calls).toEqual([{ ref, duration: '3600' }]);

    // Single-use: a second press is "already handled", and needs no code (verified for `within`).
    expect((await press({})).view.title).toBe('Already handled');
    const audit = logs.text();
    expect(audit).toContain('"action":"step_up"');
    expect(audit).not.toContain(secret);
  });

  it('does not accept the same code twice (a replay), and a reset makes the person enrol again', async () => {
    await setUp();
    const secret = await enrol();
    const code = totpCode(secret, clock);
    expect((await say(`mfa verify ${code}`)).view.title).toBe('Verified');
    const again = await say(`mfa verify ${code}`);
    expect(again.view.summary).toMatch(/already used/);
    expect((await say('mfa reset carol@example.com')).view.summary).toMatch(/must enrol again/);
    expect(
      (await say(`mfa verify ${totpCode(secret, new Date(clock.getTime() + 30_000))}`)).view.summary,
    ).toMatch(/start with `mfa enroll`/);
  });

  it('tells a typed command to verify first', async () => {
    await setUp();
    await enrol();
    const typed = await dispatcher.dispatch(
      'demo.approve',
      { ref: undefined },
      { actor: carol, conversation },
    );
    expect(typed.view.summary).toMatch(/needs a fresh second factor|mfa verify/);
    expect(calls).toEqual([]);
  });
});
