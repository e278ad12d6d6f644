import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeHandlerDeps } from '../../adapters/compose-handlers.ts';
import { createIntents } from '../../handlers/index.ts';
import { BUTTON, type ButtonIntent, isButtonIntent } from '../../src/intents/button-intent.ts';
import type { Actor } from '../../src/intents/envelope.ts';
import type { Intent, IntentContext } from '../../src/intents/intent.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';
import { policySchema } from '../../src/policy/policy-schema.ts';
import { createStore } from '../../src/store/create-store.ts';
import { captureLogs } from '../helpers/log-capture.ts';

/**
 * Every button in the product goes through the one button flow (src/intents/button-intent.ts): this test
 * reads the real intent registry, so a button added with a plain defineIntent fails here.
 */
const store = createStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'gh-buttons-')), 'b.sqlite')}`);
afterAll(() => store.close());

const { log } = captureLogs();
const base = Date.parse('2026-01-05T10:00:00Z');
let offset = 0;
const now = () => new Date(base + offset);
const policy = createPolicyEngine(policySchema.parse({}));
const deps = composeHandlerDeps({ vendors: {}, store, policy, messengers: {}, log, now });
const intents = createIntents(deps);

const requester: Actor = { platform: 'console', userId: 'rita', name: 'Rita', email: 'rita@example.com' };
const stranger: Actor = { platform: 'slack', userId: 'UEVE', name: 'Eve', email: 'eve@example.com' };

/** Parameters every kind of pending action can be described from (rport, quarantine, alert, access). */
const params = {
  targets: [{ id: 'c1', name: 'web-01', online: true }],
  command: 'uptime',
  userId: 7,
  userName: 'CORP\\bob',
  key: 'backup:nightly',
  epoch: 1,
  requestId: 'req-1',
};

function ctxFor(actor: Actor): IntentContext {
  return {
    actor,
    conversation: { platform: actor.platform, id: 'C1' },
    log,
    policy,
    audit: deps.audit,
    messengers: {},
    now,
    dispatch: () => Promise.reject(new Error('no dispatch in this test')),
  };
}

async function pendingOf(button: ButtonIntent, ttlSec = 300) {
  return deps.pending.create({
    kind: button[BUTTON].kind,
    requester,
    params,
    confirm: { mode: 'second', role: 'approver' },
    conversation: { platform: 'console', id: 'C1' },
    ttlSec,
  });
}

const lastAudit = async () => (await deps.audit.last(1))[0]!;
const press = (button: ButtonIntent, ref: string, actor: Actor) =>
  button.handle({ ref, duration: undefined }, ctxFor(actor));

describe('the intent registry', () => {
  it('builds every intent that only a button reaches (no syntax) with the one button flow', () => {
    const buttonsOnly = intents.filter((i) => !i.syntax);
    expect(buttonsOnly.length).toBeGreaterThanOrEqual(9);
    expect(buttonsOnly.filter((i) => !isButtonIntent(i)).map((i) => i.name)).toEqual([]);
  });

  it('routes every intent that takes a button reference through the flow too (access approve / deny)', () => {
    const shapeOf = (i: Intent) => (i.input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
    const takesRef = intents.filter((i) => 'ref' in shapeOf(i));
    expect(takesRef.map((i) => i.name)).toEqual(expect.arrayContaining(['access.approve', 'access.deny']));
    expect(takesRef.filter((i) => !isButtonIntent(i)).map((i) => i.name)).toEqual([]);
  });

  it('gives every button permission `none` at the dispatcher, so mayPress alone decides who presses', () => {
    for (const b of intents.filter(isButtonIntent).filter((i) => !i.syntax))
      expect(b.permission).toBe('none');
  });
});

const buttons = intents.filter(isButtonIntent);
const table = (list: ButtonIntent[]) => list.map((b) => [b.name, b] as const);
/** Buttons whose flow decides who may press (access approve / deny decide in decideAccess, tested there). */
const refusing = table(buttons.filter((b) => b[BUTTON].claim !== 'by-act'));
/** Single-use buttons: they expire and are handled once. */
const singleUse = table(buttons.filter((b) => b[BUTTON].claim === 'once'));

describe.each(table(buttons))('the %s button', (name, button) => {
  it('says an unknown reference is not known, and audits it', async () => {
    const reply = await press(button, 'no-such-ref', stranger);
    expect(reply.visibility).toBe('private');
    expect(reply.view.title).toBe('Unknown action');
    expect(await lastAudit()).toMatchObject({ action: name, decision: 'unknown', targets: ['no-such-ref'] });
  });
});

describe.each(refusing)('the %s button', (name, button) => {
  it('refuses a person who may not press it, and audits it', async () => {
    const action = await pendingOf(button);
    const reply = await press(button, action.id, stranger);
    expect(reply).toMatchObject({ visibility: 'private', view: { title: 'Not permitted', state: 'denied' } });
    expect(await lastAudit()).toMatchObject({ action: name, decision: 'refused', actor: { userId: 'UEVE' } });
    expect(await deps.pending.outcome(action.id)).toBeUndefined();
  });
});

describe.each(singleUse)('the single-use %s button', (name, button) => {
  it('says an expired button expired, and audits it', async () => {
    const action = await pendingOf(button, 60);
    offset += 120_000;
    const reply = await press(button, action.id, stranger);
    expect(JSON.stringify(reply.view)).toMatch(/expired/i);
    expect(await lastAudit()).toMatchObject({ action: name, decision: 'expired' });
  });

  it('says "already handled" once it was used, and audits it', async () => {
    const action = await pendingOf(button);
    await deps.pending.complete(action.id, { by: 'Carol', at: now().toISOString(), result: 'done' });
    const reply = await press(button, action.id, stranger);
    expect(reply.view.summary).toMatch(/^Already handled by Carol at .* \(done\)\.$/);
    expect(await lastAudit()).toMatchObject({
      action: name,
      decision: 'already handled',
      result: 'by Carol',
    });
  });
});

it('covers every kind of button in the product', () => {
  expect(singleUse.map(([n]) => n)).toEqual(
    expect.arrayContaining([
      'rport.confirm',
      'rport.cancel',
      'user.quarantine.confirm',
      'alerts.ack',
      'alerts.run',
    ]),
  );
  expect(refusing.map(([n]) => n)).toContain('access.details');
});
