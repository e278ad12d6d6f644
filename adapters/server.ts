import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { alertServiceFor } from '../handlers/alerts/alert-service.ts';
import { createBackground } from '../handlers/background.ts';
import { createIntents, type HandlerDeps } from '../handlers/index.ts';
import { createGroupDirectory, policyGroups } from '../handlers/policy-groups.ts';
import { createAuditTrail } from '../src/audit/audit-trail.ts';
import type { Config } from '../src/config/load-config.ts';
import { createDispatcher, type Dispatcher } from '../src/intents/dispatcher.ts';
import type { Messengers } from '../src/intents/envelope.ts';
import { createPendingActions } from '../src/intents/pending-actions.ts';
import { createPoller, type Poller } from '../src/intents/poller.ts';
import type { Logger } from '../src/log.ts';
import { createMetrics, type Metrics } from '../src/metrics.ts';
import { createPolicyEngine } from '../src/policy/policy-engine.ts';
import type { Policy } from '../src/policy/policy-schema.ts';
import { createStore } from '../src/store/create-store.ts';
import type { Store } from '../src/store/store.ts';
import { createVendors } from '../src/vendors/create-vendors.ts';
import type { Vendors } from '../src/vendors/vendors.ts';
import { createAlertRoutes } from './alerts/create-alert-routes.ts';
import { createHttpServer } from './http/create-http-server.ts';
import { type Route, sendJson, sendText } from './http/routes.ts';
import { createSlackAdapter, type SlackAdapter } from './slack/create-slack-adapter.ts';
import { createTeamsAdapter, type TeamsAdapter } from './teams/create-teams-adapter.ts';

/** How long shutdown waits for queued alert cards. */
const DRAIN_MS = 10_000;

/** How often BeyondInsight user groups named in the policy are resolved again. */
const GROUP_REFRESH_MS = 300_000;

export interface GatehouseOptions {
  config: Readonly<Config>;
  policy: Policy;
  log: Logger;
  /** A store to use instead of STORE_URL's (tests share one between two instances). */
  store?: Store;
  now?: () => Date;
  /** Job polling interval (tests make it short). */
  pollIntervalMs?: number;
  /** Collect Node's default process metrics (off in tests, where many instances share one process). */
  defaultMetrics?: boolean;
  /** Start the pollers on listen (default true); tests run rounds themselves through `pollers`. */
  startPollers?: boolean;
}

export interface Gatehouse {
  server: Server;
  dispatcher: Dispatcher;
  store: Store;
  vendors: Vendors;
  messengers: Messengers;
  metrics: Metrics;
  slack?: SlackAdapter;
  teams?: TeamsAdapter;
  /** The background pollers by name; `runOnce()` runs a round now. */
  pollers: Record<string, Poller>;
  /** Listen on `port` (0 for any) at 127.0.0.1 or all interfaces; returns the base URL. */
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The composition root: config → logger → store → vendors → intents → adapters, and one HTTP server.
 * Nothing else wires parts together.
 */
export async function createGatehouse(options: GatehouseOptions): Promise<Gatehouse> {
  const { config, log } = options;
  const now = options.now ?? (() => new Date());
  const store = options.store ?? createStore(config.storeUrl);
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? true });
  const { vendors, configured } = createVendors(config, { store, log, metrics });
  const groups = createGroupDirectory(policyGroups(options.policy), vendors.passwordSafe, log);
  const policy = createPolicyEngine(options.policy, { groupMembers: groups.members });
  const auditTrail = createAuditTrail(config.audit, { store, log, now });
  const audit = auditTrail.audit;
  const pending = createPendingActions(store, now);
  const messengers: Messengers = {};
  const deps: HandlerDeps = {
    vendors,
    store,
    pending,
    policy,
    messengers,
    log,
    now,
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
  };
  const intents = createIntents(deps);
  const pollers = createBackground(deps, {
    ...(config.pmc ? { pmcPollSeconds: config.pmc.pollSeconds } : {}),
    ...(config.rs ? { rsHealthPollSeconds: config.rs.healthPollSeconds } : {}),
    ...(config.ps ? { psPollSeconds: config.ps.pollSeconds } : {}),
    ...(config.rport ? { rportAlertsPollSeconds: config.rport.alertsPollSeconds } : {}),
  });
  if (vendors.passwordSafe && policyGroups(options.policy).length > 0) {
    // Every replica keeps its own copy of the group members, so the lease is per replica.
    pollers['policy-groups'] = createPoller({
      name: `policy-groups:${randomUUID()}`,
      store,
      intervalMs: GROUP_REFRESH_MS,
      log,
      tick: groups.refresh,
    });
  }
  Object.assign(pollers, auditTrail.pollers);
  const dispatcher = createDispatcher({ intents, policy, audit, log, metrics, messengers, configured, now });

  const routes: Route[] = [
    { method: 'GET', path: '/healthz', handle: async (_req, res) => sendJson(res, 200, { status: 'ok' }) },
    {
      method: 'GET',
      path: '/readyz',
      handle: async (_req, res) => {
        const storeOk = await store.ping();
        sendJson(res, storeOk ? 200 : 503, {
          status: storeOk ? 'ready' : 'not ready',
          store: storeOk ? 'ok' : 'unreachable',
          config: 'loaded',
        });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handle: async (_req, res) =>
        sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType),
    },
  ];

  let slack: SlackAdapter | undefined;
  if (config.slack) {
    slack = createSlackAdapter({ settings: config.slack, dispatcher, store, log });
    messengers.slack = slack.messenger;
    if (slack.route) routes.push(slack.route);
  }

  let teams: TeamsAdapter | undefined;
  if (config.teams) {
    teams = createTeamsAdapter({ settings: config.teams, dispatcher, store, log });
    messengers.teams = teams.messenger;
    routes.push(teams.route);
  }

  if (config.alerts.webhookSecret) {
    routes.push(
      ...createAlertRoutes({
        alerts: alertServiceFor(deps),
        secret: config.alerts.webhookSecret,
        ...(config.alerts.bearerToken ? { bearerToken: config.alerts.bearerToken } : {}),
        log: log.child({ route: 'alerts' }),
        now: () => now().getTime(),
      }),
    );
  }

  const server = createHttpServer(routes, log);
  return {
    server,
    dispatcher,
    store,
    vendors,
    messengers,
    metrics,
    pollers,
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    async listen(port, host = '0.0.0.0') {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      try {
        if (slack) await slack.start();
        if (teams) await teams.start();
      } catch (err) {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        throw err;
      }
      if (options.startPollers ?? true) for (const poller of Object.values(pollers)) poller.start();
      const address = server.address() as AddressInfo;
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
    },
    async close() {
      await Promise.all(Object.values(pollers).map((p) => p.stop()));
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections?.();
      // Alert cards still queued for their channel's pace go out before the platforms disconnect.
      const drained = await Promise.race([
        alertServiceFor(deps)
          .idle()
          .then(() => true),
        sleep(DRAIN_MS, false),
      ]);
      if (!drained)
        log.warn('stopped before every queued alert card was posted; the alerts themselves are recorded');
      server.closeAllConnections?.();
      await stopped;
      await slack?.stop();
      await teams?.stop();
      await vendors.passwordSafe
        ?.signOut()
        .catch((err: unknown) => log.warn({ err }, 'Password Safe sign-out failed'));
      if (!options.store) await store.close();
    },
  };
}
