import { request } from 'undici';
import type { Gatehouse } from '../../../adapters/server.ts';
import type { Store } from '../../../src/store/store.ts';
import {
  type ConnectorActivity,
  type FakeBotConnector,
  startFakeBotConnector,
} from '../../fakes/bot-connector-server.ts';
import { type FakeRport, startFakeRport } from '../../fakes/rport-server.ts';
import {
  installActivity,
  invokeActivity,
  messageActivity,
  TENANT_ID,
  type TeamsUserFixture,
  type Where,
} from '../../fixtures/teams/activities.ts';
import type { captureLogs } from '../../helpers/log-capture.ts';
import { RPORT_TOKEN, RPORT_USER } from '../../helpers/slack-harness.ts';
import { startTestGatehouse } from '../../helpers/test-gatehouse.ts';

export const TEAMS_APP_ID = '00000000-0000-4000-8000-00000000b07e';

/** The same people as the Slack harness (same emails, so the example policy applies), with Teams ids. */
export const TEAMS_USERS = {
  alice: { id: '29:alice', aadObjectId: 'aad-alice', name: 'Alice Admin', email: 'alice@example.com' },
  bob: { id: '29:bob', aadObjectId: 'aad-bob', name: 'Bob Builder', email: 'bob@example.com' },
  carol: { id: '29:carol', aadObjectId: 'aad-carol', name: 'Carol Approver', email: 'carol@example.com' },
  eve: { id: '29:eve', aadObjectId: 'aad-eve', name: 'Eve Outsider', email: 'eve@example.com' },
} satisfies Record<string, TeamsUserFixture>;

export type TeamsUserName = keyof typeof TEAMS_USERS;

type Card = { actions?: CardAction[] } & Record<string, unknown>;
type CardAction = {
  type: string;
  title?: string;
  verb?: string;
  data?: Record<string, unknown>;
  card?: Card;
};

/** The Adaptive Card inside a connector activity. */
export function cardOf(activity: ConnectorActivity | Record<string, unknown>): Card {
  const a = ('activity' in activity ? activity.activity : activity) as {
    attachments?: Array<{ content: Card }>;
  };
  const card = a.attachments?.[0]?.content;
  if (!card) throw new Error('the activity carries no card');
  return card;
}

/** The title TextBlock's text: the state mark and the view's title. */
export function cardTitle(card: object): string {
  const body = (card as { body?: Array<{ text?: string }> }).body;
  return String(body?.[0]?.text ?? '');
}

export function hasAction(card: Card, title: string): boolean {
  try {
    findAction(card, title);
    return true;
  } catch {
    return false;
  }
}

/** A button by its title, also inside an Action.ShowCard (a button that asks for text first). */
export function findAction(card: Card, title: string): CardAction {
  for (const action of card.actions ?? []) {
    if (action.type === 'Action.Execute' && action.title === title) return action;
    const inner = action.type === 'Action.ShowCard' ? action.card?.actions?.[0] : undefined;
    if (inner && action.title === title) return inner;
  }
  throw new Error(`no button "${title}" on the card`);
}

export interface TeamsHarness {
  gatehouse: Gatehouse;
  url: string;
  connector: FakeBotConnector;
  rport: FakeRport;
  logs: ReturnType<typeof captureLogs>;
  send(
    activity: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: string }>;
  message(text: string, user?: TeamsUserName, where?: Where): Promise<{ status: number; body: string }>;
  /** Click a button on a posted card; resolves with the invoke's answer. */
  click(
    posted: ConnectorActivity,
    title: string,
    user?: TeamsUserName,
    inputs?: Record<string, string>,
  ): Promise<{ status: number; body: { statusCode: number; type: string; value: unknown } }>;
  /** POST a raw body to /api/messages (or another path of Gatehouse). */
  post(
    raw: string,
    headers?: Record<string, string>,
    path?: string,
  ): Promise<{ status: number; body: string }>;
  install(where: Where, user?: TeamsUserName): Promise<{ status: number }>;
  /** Wait for the work Gatehouse does after answering Teams. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Gatehouse over real HTTP with Teams on (anonymous: no app password, TEAMS_ALLOW_UNAUTHENTICATED), the
 * fake Bot Framework connector as the activities' serviceUrl and the only allowed one, the fake rport, the example policy, and logs in memory.
 */
export async function startTeamsHarness(
  options: {
    store?: Store;
    env?: Record<string, string>;
    omitEnv?: string[];
    policyText?: string;
    connector?: FakeBotConnector;
    rport?: FakeRport;
  } = {},
): Promise<TeamsHarness> {
  const connector =
    options.connector ??
    (await startFakeBotConnector({
      members: Object.values(TEAMS_USERS).map((u) => ({ ...u, userPrincipalName: u.email })),
    }));
  const rport =
    options.rport ?? (await startFakeRport({ user: RPORT_USER, token: RPORT_TOKEN, jobDurationMs: 100 }));
  const { gatehouse, url, logs } = await startTestGatehouse({
    env: {
      TEAMS_APP_ID,
      // Local-testing mode, the fake connector as the one allowed service URL, the fixtures' tenant.
      TEAMS_ALLOW_UNAUTHENTICATED: 'true',
      TEAMS_SERVICE_URLS: connector.serviceUrl,
      TEAMS_ALLOWED_TENANTS: TENANT_ID,
      RPORT_URL: rport.url,
      RPORT_USER,
      RPORT_TOKEN,
      ...options.env,
    },
    ...(options.omitEnv ? { omitEnv: options.omitEnv } : {}),
    ...(options.policyText ? { policyText: options.policyText } : {}),
    ...(options.store ? { store: options.store } : {}),
  });

  async function post(raw: string, headers: Record<string, string> = {}, path = '/api/messages') {
    const res = await request(`${url}${path}`, {
      method: 'POST',
      body: raw,
      headers: { 'content-type': 'application/json', ...headers },
    });
    return { status: res.statusCode, body: await res.body.text() };
  }
  const send = (activity: Record<string, unknown>, headers: Record<string, string> = {}) =>
    post(JSON.stringify(activity), headers);

  return {
    gatehouse,
    url,
    connector,
    rport,
    logs,
    send,
    post,
    message: (text, user = 'alice', where = 'personal') =>
      send(messageActivity(connector.serviceUrl, TEAMS_USERS[user], text, where)),
    async click(posted, title, user = 'alice', inputs = {}) {
      // The newest version of the card that still has the button (an older one is a stale view of it).
      const versions = [...connector.updates(posted.activityId)].reverse().concat(posted);
      const withButton = versions.find((v) => hasAction(cardOf(v), title)) ?? posted;
      const action = findAction(cardOf(withButton), title);
      const res = await send(
        invokeActivity(
          connector.serviceUrl,
          TEAMS_USERS[user],
          { conversationId: posted.conversationId, activityId: posted.activityId },
          { verb: action.verb!, data: { ...action.data, ...inputs } },
        ),
      );
      return { status: res.status, body: JSON.parse(res.body) };
    },
    install: (where, user = 'alice') => send(installActivity(connector.serviceUrl, where, TEAMS_USERS[user])),
    idle: () => gatehouse.teams!.idle(),
    async close() {
      await gatehouse.teams?.idle();
      await gatehouse.close();
      if (!options.connector) await connector.close();
      if (!options.rport) await rport.close();
    },
  };
}
