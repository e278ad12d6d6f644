import { composeHandlerDeps } from '../../../adapters/compose-handlers.ts';
import type { AlertService } from '../../../handlers/alerts/alert-service.ts';
import type { HandlerDeps } from '../../../handlers/deps.ts';
import { createIntents } from '../../../handlers/index.ts';
import type { AuditLog } from '../../../src/intents/audit-log.ts';
import { createDispatcher, type Dispatcher } from '../../../src/intents/dispatcher.ts';
import type { Actor, Conversation, MessageRef, Messenger, Platform } from '../../../src/intents/envelope.ts';
import type { IntentResult } from '../../../src/intents/intent.ts';
import { parsePolicy } from '../../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../../src/policy/policy-engine.ts';
import type { Store } from '../../../src/store/store.ts';
import { SYSTEMS, type Vendors } from '../../../src/vendors/vendors.ts';
import type { View } from '../../../src/views/view.ts';
import { captureLogs } from '../../helpers/log-capture.ts';

export const INTERVAL_MS = 1000;

/**
 * A clock for the pacing that only moves when a queue sleeps: every call a messenger receives is stamped
 * exactly, so "one call per second per channel" is checked without waiting a second.
 */
export function createVirtualClock() {
  let t = 1_000_000;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      const target = t + ms;
      await new Promise<void>((resolve) => setImmediate(resolve));
      t = Math.max(t, target);
    },
  };
}

export interface MessengerCall {
  kind: 'post' | 'update';
  channel: string;
  id: string;
  view: View;
  /** Virtual time of the call. */
  at: number;
}

export interface RecordingMessenger extends Messenger {
  calls: MessengerCall[];
  /** Each message's current view, by `channel/id`. */
  current: Map<string, View>;
  /** The next call throws this (a 429, a failure). */
  failNext(err: unknown): void;
  posts(channel?: string): MessengerCall[];
}

export function createRecordingMessenger(platform: Platform, now: () => number): RecordingMessenger {
  let n = 0;
  const failures: unknown[] = [];
  const key = (channel: string, id: string) => `${channel}/${id}`;
  const m: RecordingMessenger = {
    platform,
    calls: [],
    current: new Map(),
    failNext: (err) => failures.push(err),
    posts: (channel) => m.calls.filter((c) => c.kind === 'post' && (!channel || c.channel === channel)),
    async post(channel, view) {
      const at = now();
      if (failures.length) throw failures.shift();
      n += 1;
      const id = `${platform}-${n}`;
      m.calls.push({ kind: 'post', channel, id, view, at });
      m.current.set(key(channel, id), view);
      return { platform, channel, id };
    },
    async update(ref: MessageRef, view) {
      const at = now();
      if (failures.length) throw failures.shift();
      if (!m.current.has(key(ref.channel, ref.id))) throw new Error(`no message ${ref.id}`);
      m.calls.push({ kind: 'update', channel: ref.channel, id: ref.id, view, at });
      m.current.set(key(ref.channel, ref.id), view);
    },
    async sendDirect() {
      return undefined;
    },
  };
  return m;
}

export const person = (userId: string, name: string, email?: string): Actor => ({
  platform: 'slack',
  userId,
  name,
  ...(email ? { email } : {}),
});
export const ALICE = person('UALICE', 'Alice', 'alice@example.com');
export const BOB = person('UBOB', 'Bob', 'bob@example.com');
export const CAROL = person('UCAROL', 'Carol', 'carol@example.com');
/** May list alerts, holds no responder role. */
export const VIC = person('UVIC', 'Vic', 'vic@example.com');

export const ALERT_POLICY = `
roles:
  oncall:
    members: [alice@example.com, bob@example.com]
    intents: [alerts.*, subscribe, unsubscribe, rport.run]
  approver:
    members: [carol@example.com]
    intents: [rport.*]
  viewer:
    members: [vic@example.com]
    intents: [alerts.list]
rport:
  approver_role: approver
  rules:
    - name: diagnostics
      allow: ["uptime", "df -h*"]
    - name: restarts
      allow: ["systemctl restart *"]
      second_approver: true
alerts:
  responder_role: oncall
  routes:
    - name: critical
      match: { severity: [critical] }
      channels: { slack: [C0ONCALL], teams: ['19:oncall@thread.tacv2'] }
    - name: database
      match: { source: [rport], labels: { client: 'fra-db-*' } }
      channels: { slack: [C0DB] }
      action: { name: db restart, targets: fra-db-01, command: systemctl restart postgresql }
    - name: rport
      match: { source: [rport] }
      channels: { slack: [C0RPORT] }
      action: { name: uptime, targets: fra-db-01, command: uptime }
    - name: everything
      match: {}
      channels: { slack: [C0ALERTS] }
`;

export interface AlertRig {
  deps: HandlerDeps;
  service: AlertService;
  dispatcher: Dispatcher;
  audit: AuditLog;
  slack: RecordingMessenger;
  teams: RecordingMessenger;
  clock: ReturnType<typeof createVirtualClock>;
  logs: ReturnType<typeof captureLogs>;
  /** Move the handlers' clock (alert times, mutes, expiries). */
  advance(ms: number): void;
  run(text: string, actor: Actor, conversation?: Conversation): Promise<IntentResult>;
  click(verb: string, ref: string, actor: Actor, values?: Record<string, string>): Promise<IntentResult>;
}

/**
 * The real intent registry, dispatcher and alert service over a real store, with recording messengers for
 * Slack and Teams on a virtual pacing clock. `shareWith` makes a second replica over the same messengers.
 */
export function startAlertRig(
  store: Store,
  o: { vendors?: Vendors; policyText?: string; shareWith?: AlertRig; burst?: number } = {},
): AlertRig {
  const clock = o.shareWith?.clock ?? createVirtualClock();
  const logs = captureLogs('info');
  let offset = 0;
  const base = Date.parse('2025-03-04T10:00:00Z');
  const now = () => new Date(base + offset);
  const policy = createPolicyEngine(parsePolicy(o.policyText ?? ALERT_POLICY));
  const slack = o.shareWith?.slack ?? createRecordingMessenger('slack', clock.now);
  const teams = o.shareWith?.teams ?? createRecordingMessenger('teams', clock.now);
  const messengers = { slack, teams };
  const vendors = o.vendors ?? {};
  const deps: HandlerDeps = composeHandlerDeps({
    vendors,
    store,
    policy,
    messengers,
    log: logs.log,
    now,
    pollIntervalMs: 20,
    alerts: { pacing: { now: clock.now, sleep: clock.sleep, ...(o.burst ? { burst: o.burst } : {}) } },
  });
  const service = deps.alerts;
  const audit = deps.audit;
  const configured = new Set<string>(
    Object.entries({ rport: SYSTEMS.rport, passwordSafe: SYSTEMS.passwordSafe })
      .filter(([k]) => k in vendors)
      .map(([, v]) => v),
  );
  const dispatcher = createDispatcher({
    intents: createIntents(deps),
    policy,
    audit,
    log: logs.log,
    messengers,
    configured,
    now,
  });
  const channel: Conversation = { platform: 'slack', id: 'C0ONCALL' };
  return {
    deps,
    service,
    dispatcher,
    audit,
    slack,
    teams,
    clock,
    logs,
    advance: (ms) => {
      offset += ms;
    },
    run: (text, actor, conversation = channel) => dispatcher.handleText(text, { actor, conversation }),
    click: (verb, ref, actor, values = {}) =>
      dispatcher.dispatch(verb, { ref, ...values }, { actor, conversation: channel }),
  };
}

/** A button's ref on a view, by label. */
export function buttonRef(view: View | undefined, label: string): string {
  const action = view?.actions?.find((a) => a.label === label);
  if (!action) throw new Error(`no "${label}" button on "${view?.title}"`);
  return action.ref;
}

export function field(view: View | undefined, label: string): string | undefined {
  return view?.fields?.find((f) => f.label === label)?.value;
}

/** The current view of the one message posted in `channel` whose title is `title`. */
export function cardIn(m: RecordingMessenger, channel: string, title: string): View | undefined {
  const posts = m.posts(channel).filter((p) => p.view.title === title);
  if (posts.length > 1) throw new Error(`${posts.length} cards "${title}" in ${channel}`);
  const post = posts[0];
  return post ? m.current.get(`${channel}/${post.id}`) : undefined;
}

export const firing = (over: Record<string, unknown> = {}) => ({
  source: 'backup',
  severity: 'critical' as const,
  title: 'Nightly backup failed',
  dedupKey: 'backup:nightly',
  status: 'firing' as const,
  ...over,
});
