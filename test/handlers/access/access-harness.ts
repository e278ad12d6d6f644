import { composeHandlerDeps } from '../../../adapters/compose-handlers.ts';
import { pollAccessRequests } from '../../../handlers/access/access-poller.ts';
import type { HandlerDeps } from '../../../handlers/deps.ts';
import { createIntents } from '../../../handlers/index.ts';
import type { AuditLog } from '../../../src/intents/audit-log.ts';
import { createDispatcher, type Dispatcher } from '../../../src/intents/dispatcher.ts';
import type { Actor, MessageRef, Messenger, Platform } from '../../../src/intents/envelope.ts';
import type { IntentResult } from '../../../src/intents/intent.ts';
import { parsePolicy } from '../../../src/policy/load-policy.ts';
import { createPolicyEngine } from '../../../src/policy/policy-engine.ts';
import type { Store } from '../../../src/store/store.ts';
import { createPmCloudClient } from '../../../src/vendors/pmcloud/index.ts';
import { SYSTEMS } from '../../../src/vendors/vendors.ts';
import type { View } from '../../../src/views/view.ts';
import { makeWireAdminAccessRequest } from '../../fakes/pmcloud/seed.ts';
import {
  type FakePmCloud,
  startFakePmCloud,
  type WireAdminAccessRequest,
} from '../../fakes/pmcloud-server.ts';
import { captureLogs } from '../../helpers/log-capture.ts';

export const PMC_ID = 'gatehouse-access';
export const PMC_SECRET = 'pmc-access-secret-never-shown';

const person = (userId: string, name: string, email: string): Actor => ({
  platform: 'console',
  userId,
  name,
  email,
});
/** Approvers. */
export const CAROL = person('carol', 'Carol', 'carol@example.com');
export const DAN = person('dan', 'Dan', 'dan.reyes@example.com');
export const ERIN = person('erin', 'Erin', 'erin@example.com');
/** An approver who also asks PM Cloud for admin rights (as CORP\amelia.hart). */
export const AMELIA = person('amelia', 'Amelia Hart', 'amelia.hart@corp.example');
/** Allowed to use the access commands, without the approver role. */
export const VIC = person('vic', 'Vic Viewer', 'vic@example.com');
/** Not allowed to use the access commands at all. */
export const OSCAR = person('oscar', 'Oscar Operator', 'oscar@example.com');

/** A policy with an approver role, channels on two platforms, and the access settings under test. */
export function accessPolicy(o: { requiredApprovals?: number; expireAfter?: string } = {}): string {
  return `
people:
  dan: { email: dan.reyes@example.com, windows: ['CORP\\dan.reyes'] }
roles:
  approver:
    members: [carol@example.com, dan.reyes@example.com, erin@example.com, amelia.hart@corp.example]
    intents: [access.*]
  viewer:
    members: [vic@example.com]
    intents: [access.*]
  operator:
    members: [oscar@example.com]
    intents: [rport.clients]
access:
  approver_role: approver
  channels: { slack: [C0APPROVE, C0SECOPS], teams: ['19:approvers@thread.tacv2'] }
  durations: [once, 1h, 4h, 8h, 1d, 2d]
  default_duration: 1h
  max_duration: 1d
  required_approvals: ${o.requiredApprovals ?? 1}
  expire_after: ${o.expireAfter ?? '24h'}
`;
}

/** A pending request by Amelia (she has a UPN), another by Dan (no UPN), and one decided long ago. */
export function seedRequests(now = Date.now()): WireAdminAccessRequest[] {
  return [
    makeWireAdminAccessRequest(
      {
        computerName: 'FIN-LT-0142',
        userName: 'CORP\\amelia.hart',
        userPrincipalName: 'amelia.hart@corp.example',
        reason: 'Install the Bloomberg Excel add-in',
        duration: '3600',
        created: new Date(now - 5 * 60_000).toISOString(),
      },
      now,
    ),
    makeWireAdminAccessRequest(
      {
        computerName: 'ENG-WS-2207',
        userName: 'CORP\\dan.reyes',
        userPrincipalName: null,
        reason: 'Debug a driver-signing failure',
        duration: 'Once',
        created: new Date(now - 20 * 60_000).toISOString(),
      },
      now,
    ),
    makeWireAdminAccessRequest(
      {
        computerName: 'SALES-LT-0088',
        userName: 'CORP\\m.rossi',
        decision: 'Approved',
        decisionPerformedByUser: 'someone@corp.example',
        decisionTime: new Date(now - 3_600_000).toISOString(),
        created: new Date(now - 7_200_000).toISOString(),
      },
      now,
    ),
  ];
}

export interface RecordingMessenger extends Messenger {
  posts: Array<{ channel: string; view: View; ref: MessageRef }>;
  /** Every copy's current view, by `channel/id`. */
  current: Map<string, View>;
  updates: Array<{ ref: MessageRef; view: View }>;
  directs: Array<{ user: string; view: View }>;
}

/** A Messenger that keeps what it was asked to show; `users` maps emails to platform user ids. */
export function createRecordingMessenger(
  platform: Platform,
  users: Record<string, string> = {},
): RecordingMessenger {
  let n = 0;
  const key = (ref: MessageRef) => `${ref.channel}/${ref.id}`;
  const m: RecordingMessenger = {
    platform,
    posts: [],
    current: new Map(),
    updates: [],
    directs: [],
    async post(channel, view) {
      n += 1;
      const ref: MessageRef = { platform, channel, id: `${platform}-${n}` };
      m.posts.push({ channel, view, ref });
      m.current.set(key(ref), view);
      return ref;
    },
    async update(ref, view) {
      if (!m.current.has(key(ref))) throw new Error(`no message ${key(ref)} on ${platform}`);
      m.current.set(key(ref), view);
      m.updates.push({ ref, view });
    },
    async sendDirect(user, view) {
      m.directs.push({ user, view });
      return { platform, channel: `D-${user}`, id: `dm-${m.directs.length}` };
    },
    async lookupUserByEmail(email) {
      return users[email.toLowerCase()];
    },
  };
  return m;
}

export interface AccessHarness {
  fake: FakePmCloud;
  store: Store;
  deps: HandlerDeps;
  dispatcher: Dispatcher;
  audit: AuditLog;
  slack: RecordingMessenger;
  teams: RecordingMessenger;
  logs: ReturnType<typeof captureLogs>;
  /** Move this harness's clock forward. */
  advance(ms: number): void;
  poll(): Promise<void>;
  run(text: string, actor: Actor): Promise<IntentResult>;
  click(verb: string, ref: string, actor: Actor, values?: Record<string, string>): Promise<IntentResult>;
  /** Every copy's current view on both platforms. */
  copies(): View[];
  close(): Promise<void>;
}

/**
 * The real intent registry and dispatcher over a fake PM Cloud (real HTTP), a real store, and recording
 * messengers for Slack and Teams. Pass `fake` to share one PM Cloud between two harnesses (replicas).
 */
export async function startAccessHarness(
  makeStore: () => Store,
  o: {
    policyText?: string;
    fake?: FakePmCloud;
    seed?: WireAdminAccessRequest[];
    /** Another instance whose PM Cloud and chat platforms this one shares (a replica). */
    replicaOf?: AccessHarness;
  } = {},
): Promise<AccessHarness> {
  const fake =
    o.replicaOf?.fake ??
    o.fake ??
    (await startFakePmCloud({ clientId: PMC_ID, clientSecret: PMC_SECRET, seed: o.seed ?? seedRequests() }));
  const store = makeStore();
  const logs = captureLogs('info');
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const policy = createPolicyEngine(parsePolicy(o.policyText ?? accessPolicy()));
  const pmCloud = createPmCloudClient({
    baseUrl: fake.url,
    clientId: PMC_ID,
    clientSecret: PMC_SECRET,
    store,
  });
  const slack =
    o.replicaOf?.slack ?? createRecordingMessenger('slack', { 'amelia.hart@corp.example': 'U0AMELIA' });
  const teams =
    o.replicaOf?.teams ?? createRecordingMessenger('teams', { 'dan.reyes@example.com': '29:dan' });
  const messengers = { slack, teams };
  const deps: HandlerDeps = composeHandlerDeps({
    vendors: { pmCloud },
    store,
    policy,
    messengers,
    log: logs.log,
    now,
  });
  const audit = deps.audit;
  const dispatcher = createDispatcher({
    intents: createIntents(deps),
    policy,
    audit,
    log: logs.log,
    messengers,
    configured: new Set([SYSTEMS.pmCloud]),
    now,
  });
  const conversation = { platform: 'console' as const, id: 'console-1' };
  return {
    fake,
    store,
    deps,
    dispatcher,
    audit,
    slack,
    teams,
    logs,
    advance: (ms) => {
      offset += ms;
    },
    poll: () => pollAccessRequests(deps),
    run: (text, actor) => dispatcher.handleText(text, { actor, conversation }),
    click: (verb, ref, actor, values = {}) =>
      dispatcher.dispatch(verb, { ref, ...values }, { actor, conversation }),
    copies: () => [...slack.current.values(), ...teams.current.values()],
    async close() {
      if (!o.fake && !o.replicaOf) await fake.close();
      await store.close();
    },
  };
}

/** The button refs on a view, by label. */
export function buttonRef(view: View, label: string): string {
  const action = view.actions?.find((a) => a.label === label);
  if (!action) throw new Error(`no "${label}" button on "${view.title}"`);
  return action.ref;
}

/** Everything a person could read on a view, as one string. */
export function textOf(view: View): string {
  return JSON.stringify(view);
}

/** The first posted card for the request on `computer`. */
export function postedCard(h: AccessHarness, computer: string): View {
  const post = h.slack.posts.find((p) => textOf(p.view).includes(computer));
  if (!post) throw new Error(`no card posted for ${computer}`);
  return post.view;
}
