import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatehouse, type Gatehouse } from '../../../adapters/server.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import { createAuditLog } from '../../../src/intents/audit-log.ts';
import type { Actor } from '../../../src/intents/envelope.ts';
import { parsePolicy } from '../../../src/policy/load-policy.ts';
import { type FakeRport, startFakeRport } from '../../fakes/rport-server.ts';
import { captureLogs } from '../../helpers/log-capture.ts';
import { RPORT_TOKEN, RPORT_USER } from '../../helpers/slack-harness.ts';

const alice: Actor = { platform: 'console', userId: 'alice', name: 'Alice' };
const bob: Actor = { platform: 'console', userId: 'bob', name: 'Bob' };
const conversation = { platform: 'console' as const, id: 'ops' };

/** The rport Run / Cancel buttons through the real dispatcher, against the fake rport, with a test clock. */
describe('the rport confirmation buttons', () => {
  let gatehouse: Gatehouse | undefined;
  let rport: FakeRport | undefined;
  let offset = 0;
  afterEach(async () => {
    offset = 0;
    await gatehouse?.close();
    await rport?.close();
  });

  async function start() {
    rport = await startFakeRport({ user: RPORT_USER, token: RPORT_TOKEN, jobDurationMs: 50 });
    gatehouse = await createGatehouse({
      config: loadConfig({
        STORE_URL: 'sqlite://:memory:',
        RPORT_URL: rport.url,
        RPORT_USER,
        RPORT_TOKEN,
      }),
      policy: parsePolicy(readFileSync('policy.example.yaml', 'utf8')),
      log: captureLogs().log,
      now: () => new Date(Date.now() + offset),
      pollIntervalMs: 20,
      defaultMetrics: false,
      startPollers: false,
    });
    const g = gatehouse;
    const card = await g.dispatcher.handleText('rport run web-01 -- uptime', { actor: alice, conversation });
    const ref = card.view.actions!.find((a) => a.verb === 'rport.confirm')!.ref;
    const press = (verb: string, actor: Actor) =>
      g.dispatcher.dispatch(verb, { ref }, { actor, conversation });
    // The entries the instance's audit log wrote, read back from its store.
    const audit = async () => (await createAuditLog(g.store, captureLogs().log).last(1))[0]!;
    return { press, audit };
  }

  it('refuses another person, audits it, and the card stays usable', async () => {
    const { press, audit } = await start();
    for (const verb of ['rport.confirm', 'rport.cancel']) {
      const refused = await press(verb, bob);
      expect(refused).toMatchObject({
        visibility: 'private',
        view: { summary: 'Only Alice can confirm or cancel this.' },
      });
      expect(await audit()).toMatchObject({ action: verb, decision: 'refused', actor: { userId: 'bob' } });
    }
    expect((await press('rport.confirm', alice)).view.title).toBe('Running');
    expect(rport!.commandCalls()).toHaveLength(1);
  });

  it('closes an expired confirmation on the card, audits it, and runs nothing', async () => {
    const { press, audit } = await start();
    offset = 6 * 60_000;
    const expired = await press('rport.confirm', alice);
    expect(expired).toMatchObject({ visibility: 'channel', view: { title: 'Expired', state: 'expired' } });
    expect(await audit()).toMatchObject({
      action: 'rport.confirm',
      decision: 'expired',
      targets: ['fra-web-01'],
    });
    expect(rport!.commandCalls()).toHaveLength(0);
  });

  it('after Cancel, Run says already handled (cancelled) and audits it', async () => {
    const { press, audit } = await start();
    expect((await press('rport.cancel', alice)).view.title).toBe('Cancelled');
    expect(await audit()).toMatchObject({ action: 'rport.cancel', decision: 'cancelled' });
    const late = await press('rport.confirm', alice);
    expect(late.view.summary).toMatch(/^Already handled by Alice at .* \(cancelled\)\.$/);
    expect(await audit()).toMatchObject({ action: 'rport.confirm', decision: 'already handled' });
    expect(rport!.commandCalls()).toHaveLength(0);
  });
});
