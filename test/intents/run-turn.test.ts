import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAuditLog } from '../../src/intents/audit-log.ts';
import type { ReplySink } from '../../src/intents/deliver.ts';
import { createDispatcher } from '../../src/intents/dispatcher.ts';
import type { Actor, Envelope } from '../../src/intents/envelope.ts';
import { defineIntent, type IntentResult } from '../../src/intents/intent.ts';
import { createTurnRunner } from '../../src/intents/run-turn.ts';
import { parsePolicy } from '../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../src/policy/policy-engine.ts';
import type { Store } from '../../src/store/store.ts';
import { noticeView } from '../../src/views/view.ts';
import { captureLogs } from '../helpers/log-capture.ts';
import { storeBackends } from '../helpers/stores.ts';

/** A gate a test opens when it wants the slow intent's vendor call to answer. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

function world(maxInFlight = 64) {
  const store: Store = storeBackends[0]![1]();
  const logs = captureLogs();
  let slow = gate();
  const ran: string[] = [];
  const intents = [
    defineIntent({
      name: 'echo',
      summary: 'says it back, and logs a follow-up line',
      syntax: { words: ['echo'], args: [{ name: 'text', rest: true }], usage: 'echo <text>' },
      input: z.object({ text: z.string().default('') }),
      permission: 'none',
      async handle(input, ctx) {
        ran.push('echo');
        ctx.log.info('echo handled');
        return {
          view: noticeView('Echo', input.text, 'info'),
          visibility: 'channel',
          followUp: async (update) => {
            ctx.log.info('echo follow-up ran');
            await update(noticeView('Echo', `${input.text} (done)`, 'success'));
          },
        };
      },
    }),
    defineIntent({
      name: 'slow',
      summary: 'waits for its vendor',
      syntax: { words: ['slow'], usage: 'slow' },
      input: z.object({}),
      permission: 'none',
      async handle() {
        ran.push('slow');
        await slow.opened;
        return { view: noticeView('Slow', 'vendor answered', 'success'), visibility: 'private' };
      },
    }),
  ];
  const dispatcher = createDispatcher({
    intents,
    policy: createPolicyEngine(parsePolicy('')),
    audit: createAuditLog(store, logs.log),
    log: logs.log,
    messengers: {},
    configured: new Set(),
  });
  const turns = createTurnRunner({ dispatcher, log: logs.log, maxInFlight });
  const actor: Actor = { platform: 'console', userId: 'alice', name: 'Alice' };
  const runTurn = turns.forPlatform<string>(async (id, log) => {
    log.info('resolved the actor');
    if (id === 'nobody') throw new Error('directory down at /srv/app.js:9');
    return actor;
  });
  const events: string[] = [];
  const shown: IntentResult[] = [];
  const sink: ReplySink = {
    async show(result) {
      events.push(`show:${result.view.summary}`);
      shown.push(result);
      return { platform: 'console', channel: 'c', id: '1' };
    },
    async update(_ref, view) {
      events.push(`update:${view.summary}`);
    },
  };
  const envelope = (text: string, eventId: string, user = 'alice'): Envelope<string> => ({
    platform: 'console',
    eventId,
    user,
    conversation: { platform: 'console', id: 'c' },
    input: { kind: 'text', text },
    prefix: '',
  });
  return {
    store,
    logs,
    ran,
    events,
    shown,
    sink,
    turns,
    runTurn,
    envelope,
    openSlow: () => slow.open(),
    resetSlow: () => {
      slow = gate();
    },
  };
}

describe('runTurn', () => {
  let w: ReturnType<typeof world>;
  afterEach(async () => {
    w.openSlow();
    await w.store.close();
  });

  it('logs every line of a turn — actor, dispatch, handler, follow-up — with the event id', async () => {
    w = world();
    await w.runTurn(w.envelope('echo hi', 'Ev-123'), w.sink);
    expect(w.events).toEqual(['show:hi', 'update:hi (done)']);
    const lines = w.logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const turnLines = lines.filter((l) =>
      ['resolved the actor', 'echo handled', 'echo follow-up ran'].includes(String(l.msg)),
    );
    expect(turnLines).toHaveLength(3);
    for (const line of turnLines) expect(line.eventId).toBe('Ev-123');
  });

  it('puts a reply that is ready within the budget into the ack, and sends nothing more', async () => {
    w = world();
    const acked: Array<IntentResult | undefined> = [];
    await w.runTurn(w.envelope('help', 'Ev-1'), w.sink, {
      budgetMs: 1000,
      async ack(ready) {
        acked.push(ready);
        return true;
      },
    });
    expect(acked).toHaveLength(1);
    expect(acked[0]?.view.title).toContain('Gatehouse');
    expect(w.events).toEqual([]);
  });

  it('acks empty when the vendor is slow, then delivers the reply once it answers', async () => {
    w = world();
    const turn = w.runTurn(w.envelope('slow', 'Ev-2'), w.sink, {
      budgetMs: 20,
      async ack(ready) {
        w.events.push(`ack:${ready ? 'with reply' : 'empty'}`);
        return false;
      },
    });
    await expect.poll(() => w.events).toEqual(['ack:empty']);
    w.openSlow();
    await turn;
    expect(w.events).toEqual(['ack:empty', 'show:vendor answered']);
  });

  it('beyond MAX_WORK_IN_FLIGHT answers privately that it is busy and runs nothing', async () => {
    w = world(1);
    const first = w.runTurn(w.envelope('slow', 'Ev-a'), w.sink);
    await expect.poll(() => w.turns.inFlight()).toBe(1);
    await w.runTurn(w.envelope('echo never', 'Ev-b'), w.sink);
    expect(w.ran).toEqual(['slow']);
    expect(w.shown.at(-1)).toMatchObject({ visibility: 'private', view: { title: 'Gatehouse is busy' } });
    // A flood of refusals is one log line with a count, not a line per request.
    for (const id of ['Ev-x', 'Ev-y', 'Ev-z']) await w.runTurn(w.envelope('echo never', id), w.sink);
    const busyLines = w.logs.lines.filter((l) => l.includes('busy: refused turns'));
    expect(busyLines).toHaveLength(1);
    expect(JSON.parse(busyLines[0]!)).toMatchObject({ refused: 1, maxInFlight: 1 });
    expect(w.shown.filter((r) => r.view.title === 'Gatehouse is busy')).toHaveLength(4);
    w.openSlow();
    await first;
    expect(w.turns.inFlight()).toBe(0);
    await w.runTurn(w.envelope('echo again', 'Ev-c'), w.sink);
    expect(w.ran).toEqual(['slow', 'echo']);
  });

  it('turns a failure into one private sentence, never a stack trace', async () => {
    w = world();
    await w.runTurn(w.envelope('echo hi', 'Ev-x', 'nobody'), w.sink);
    expect(w.shown).toHaveLength(1);
    expect(w.shown[0]!.visibility).toBe('private');
    expect(JSON.stringify(w.shown[0])).not.toContain('/srv/app.js');
    expect(w.ran).toEqual([]);
  });
});
