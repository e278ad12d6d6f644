import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSecretKey } from '../../src/audit/audit-config.ts';
import { createSecretBox } from '../../src/step-up/secret-box.ts';
import { createStepUp, type StepUp } from '../../src/step-up/step-up.ts';
import { matchTotp, totpCode } from '../../src/step-up/totp.ts';
import type { Store } from '../../src/store/store.ts';
import { storeBackends } from '../helpers/stores.ts';

const box = createSecretBox(randomBytes(32));
const T0 = new Date('2026-12-03T10:00:05Z');

describe('the secret box', () => {
  it('opens what it sealed, and refuses a changed value, another person or another key', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'carol');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed, 'carol')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => box.open(sealed, 'mallory')).toThrow();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = `${body!.slice(0, -2)}${body!.endsWith('AA') ? 'BA' : 'AA'}`;
    expect(() => box.open([v, iv, tag, flipped].join('.'), 'carol')).toThrow();
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'carol')).toThrow();
  });

  it('takes a 32-byte key as base64 or hex and names the variable otherwise', () => {
    expect(parseSecretKey(randomBytes(32).toString('base64')).length).toBe(32);
    expect(parseSecretKey(randomBytes(32).toString('hex')).length).toBe(32);
    expect(() => parseSecretKey('too-short')).toThrow(/GATEHOUSE_SECRET_KEY/);
  });
});

describe('TOTP', () => {
  it('accepts the code of this step and of one step either side, nothing further', () => {
    const secret = 'JBSWY3DPEHPK3PXP';
    const at = (s: number) => new Date(T0.getTime() + s * 1000);
    expect(matchTotp(secret, totpCode(secret, at(0)), T0)).toBeDefined();
    expect(matchTotp(secret, totpCode(secret, at(-30)), T0)).toBeDefined();
    expect(matchTotp(secret, totpCode(secret, at(30)), T0)).toBeDefined();
    expect(matchTotp(secret, totpCode(secret, at(-90)), T0)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', T0)).toBeUndefined();
  });
});

describe.each(storeBackends)('step-up on %s', (_name, make) => {
  let store: Store;
  let clock = T0;
  const stepUpOn = (s: Store) => createStepUp({ store: s, box, now: () => clock });
  afterEach(async () => {
    clock = T0;
    await store?.close();
  });

  async function enrolled(stepUp: StepUp, person: string): Promise<string> {
    const { secret, uri } = await stepUp.enroll(person);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Gatehouse:/);
    expect(await stepUp.isEnrolled(person)).toBe(false);
    expect(await stepUp.confirm(person, totpCode(secret, clock))).toEqual({ ok: true });
    expect(await stepUp.isEnrolled(person)).toBe(true);
    clock = new Date(clock.getTime() + 60_000);
    return secret;
  }

  it('keeps the secret only sealed in the store', async () => {
    store = make();
    const stepUp = stepUpOn(store);
    const secret = await enrolled(stepUp, 'carol@example.com');
    const stored = await store.get<string>('mfa:secret:carol@example.com');
    expect(stored).toBeTypeOf('string');
    expect(stored).not.toContain(secret);
  });

  it('accepts a right code once, then refuses the same code (replay), on two replicas', async () => {
    store = make();
    const a = stepUpOn(store);
    const secret = await enrolled(a, 'carol');
    const code = totpCode(secret, clock);
    const results = await Promise.all([a.verify('carol', code, 300_000), a.verify('carol', code, 300_000)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ reason: 'replayed' });
    expect(await a.isFresh('carol')).toBe(true);
  });

  it('locks step-up after five wrong codes in ten minutes, even for the right code', async () => {
    store = make();
    const stepUp = stepUpOn(store);
    const secret = await enrolled(stepUp, 'carol');
    for (let i = 1; i <= 4; i++)
      expect(await stepUp.verify('carol', '000000', 300_000)).toMatchObject({ reason: 'wrong', left: 5 - i });
    const fifth = await stepUp.verify('carol', '000000', 300_000);
    expect(fifth).toMatchObject({ reason: 'wrong', left: 0, lockedUntil: expect.any(String) });
    expect(await stepUp.verify('carol', totpCode(secret, clock), 300_000)).toMatchObject({
      reason: 'locked',
    });
    clock = new Date(clock.getTime() + 16 * 60_000);
    expect(await stepUp.verify('carol', totpCode(secret, clock), 300_000)).toEqual({ ok: true });
  });

  it('forgets wrong codes older than ten minutes', async () => {
    store = make();
    const stepUp = stepUpOn(store);
    await enrolled(stepUp, 'carol');
    for (let i = 0; i < 4; i++) await stepUp.verify('carol', '000000', 300_000);
    clock = new Date(clock.getTime() + 11 * 60_000);
    expect(await stepUp.verify('carol', '000000', 300_000)).toMatchObject({ reason: 'wrong', left: 4 });
  });

  it('says who is not enrolled, and a reset makes them enrol again', async () => {
    store = make();
    const stepUp = stepUpOn(store);
    expect(await stepUp.verify('dave', '123456', 300_000)).toEqual({ ok: false, reason: 'not_enrolled' });
    await enrolled(stepUp, 'dave');
    expect(await stepUp.reset('dave')).toBe(true);
    expect(await stepUp.isEnrolled('dave')).toBe(false);
  });
});

describe('step-up wiring', () => {
  it('stops start-up naming GATEHOUSE_SECRET_KEY when the policy asks for step-up without it', async () => {
    const { wireStepUp } = await import('../../src/step-up/wire-step-up.ts');
    const { createPolicyEngine } = await import('../../src/policy/policy-engine.ts');
    const { parsePolicy } = await import('../../src/policy/load-policy.ts');
    const [, make] = storeBackends[0]!;
    const store = make();
    const policy = createPolicyEngine(parsePolicy('step_up: { for: [access.approve] }'));
    expect(() => wireStepUp({ secretKey: undefined, policy, store, now: () => T0 })).toThrow(
      /GATEHOUSE_SECRET_KEY/,
    );
    const off = createPolicyEngine(parsePolicy('{}'));
    expect(wireStepUp({ secretKey: undefined, policy: off, store, now: () => T0 })).toEqual({});
    await store.close();
  });
});

describe('step-up on two replicas sharing Redis', () => {
  it('accepts a code on one replica only, and both see the lock-out', async () => {
    const { createStore } = await import('../../src/store/create-store.ts');
    const { REDIS_URL } = await import('../helpers/stores.ts');
    const namespace = `gh-stepup-${randomBytes(6).toString('hex')}`;
    const [s1, s2] = [createStore(REDIS_URL, { namespace }), createStore(REDIS_URL, { namespace })];
    const now = () => T0;
    const [r1, r2] = [createStepUp({ store: s1, box, now }), createStepUp({ store: s2, box, now })];
    const { secret } = await r1.enroll('carol');
    const first = totpCode(secret, new Date(T0.getTime() - 30_000));
    expect(await r2.confirm('carol', first)).toEqual({ ok: true });
    const code = totpCode(secret, T0);
    const both = await Promise.all([r1.verify('carol', code, 60_000), r2.verify('carol', code, 60_000)]);
    expect(both.filter((r) => r.ok)).toHaveLength(1);
    for (let i = 0; i < 5; i++) await (i % 2 ? r1 : r2).verify('carol', '000000', 60_000);
    expect(await r1.verify('carol', totpCode(secret, T0), 60_000)).toMatchObject({ reason: 'locked' });
    await Promise.all([s1.close(), s2.close()]);
  });
});
