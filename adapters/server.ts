import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createBackground } from '../handlers/background.ts';
import { createIntents } from '../handlers/index.ts';
import { createGroupDirectory, policyGroups } from '../handlers/policy-groups.ts';
import { createAuditTrail } from '../src/audit/audit-trail.ts';
import type { Config } from '../src/config/load-config.ts';
import { createDispatcher, type Dispatcher } from '../src/intents/dispatcher.ts';
import type { Messengers } from '../src/intents/envelope.ts';
import { createPoller, type Poller } from '../src/intents/poller.ts';
import { createRateLimiter } from '../src/intents/rate-limit.ts';
import { createTurnRunner, type TurnRunner } from '../src/intents/run-turn.ts';
import type { Logger } from '../src/log.ts';
import { createMetrics, type Metrics } from '../src/metrics.ts';
import { checkPolicyIntents } from '../src/policy/check-policy-intents.ts';
import { createPolicyEngine } from '../src/policy/policy-engine.ts';
import type { Policy } from '../src/policy/policy-schema.ts';
import { createPolicyReloader, type ReloadResult } from '../src/policy/reload-policy.ts';
import { createReloadablePolicy } from '../src/policy/reloadable-policy.ts';
import { wireStepUp } from '../src/step-up/wire-step-up.ts';
import { createStore } from '../src/store/create-store.ts';
import { observeClaims } from '../src/store/observe-claims.ts';
import type { Store } from '../src/store/store.ts';
import { createVendors } from '../src/vendors/create-vendors.ts';
import type { Vendors } from '../src/vendors/vendors.ts';
import { createAlertRoutes } from './alerts/create-alert-routes.ts';
import { composeHandlerDeps } from './compose-handlers.ts';
import { createHttpServer } from './http/create-http-server.ts';
import { createOps, type Ops } from './http/ops-routes.ts';
import { wireOpsMetrics } from './http/ops-sources.ts';
import { type Route, sendJson } from './http/routes.ts';
import type { SlackAdapter } from './slack/create-slack-adapter.ts';
import type { TeamsAdapter } from './teams/create-teams-adapter.ts';

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
  /** The one turn runner every platform's adapter hands its events to (the console demo too). */
  turns: TurnRunner;
  store: Store;
  vendors: Vendors;
  messengers: Messengers;
  metrics: Metrics;
  slack?: SlackAdapter;
  teams?: TeamsAdapter;
  /** The background pollers by name; `runOnce()` runs a round now. */
  pollers: Record<string, Poller>;
  /** Readiness, /metrics and /admin/reload; main.ts marks it shutting down on SIGTERM. */
  ops: Ops;
  /** Re-read POLICY_FILE (SIGHUP, POST /admin/reload); a bad file is refused and the old policy stays. */
  reloadPolicy(): Promise<ReloadResult>;
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
  const metrics = createMetrics({ defaultMetrics: options.defaultMetrics ?? true });
  const store = observeClaims(
    options.store ?? createStore(config.storeUrl, { namespace: config.storePrefix }),
    metrics.countClaimConflict,
  );
  const { vendors, configured } = createVendors(config, { store, log, metrics });
  const groups = createGroupDirectory(policyGroups(options.policy), vendors.passwordSafe, log);
  const buildPolicy = (p: Policy) => createPolicyEngine(p, { groupMembers: groups.members });
  const policy = createReloadablePolicy(buildPolicy(options.policy));
  const auditTrail = createAuditTrail(config.audit, { store, log, now });
  const stepUp = wireStepUp({ secretKey: config.audit.secretKey, policy, store, now });
  const messengers: Messengers = {};
  // The audit log, pending actions, posted cards and alert service: built once, shared by everything below.
  const deps = composeHandlerDeps({
    audit: auditTrail.audit,
    vendors,
    store,
    policy,
    messengers,
    log,
    now,
    ...(stepUp.stepUp ? { stepUp: stepUp.stepUp } : {}),
    ...(options.pollIntervalMs ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  const { audit } = deps;
  const intents = createIntents(deps);
  // A policy that grants an intent Gatehouse does not have (a typo) stops start-up here, naming the line.
  checkPolicyIntents(options.policy, intents);
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
  const rateLimit = createRateLimiter({ store, policy, audit, now, perMinute: config.commandsPerMinute });
  const dispatcher = createDispatcher({
    ...{ intents, policy, audit, log, metrics, messengers, configured, now, rateLimit },
    ...(stepUp.dispatcher ? { stepUp: stepUp.dispatcher } : {}),
  });
  // One turn runner for every platform, so MAX_WORK_IN_FLIGHT bounds the work of all of them together.
  const turns = createTurnRunner({ dispatcher, log, maxInFlight: config.maxWorkInFlight });
  const reloadPolicy = createPolicyReloader({
    file: config.policyFile,
    policy,
    build: buildPolicy,
    audit,
    log,
    onResult: (r) => metrics.countPolicyReload(!r.ok ? 'refused' : r.changed ? 'applied' : 'unchanged'),
  });
  const ops = createOps({ settings: config.ops, store, metrics, reloadPolicy, log });
  wireOpsMetrics(metrics, deps, pollers);

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/healthz',
      // Teams in unauthenticated local mode is said out loud here too (TEAMS_ALLOW_UNAUTHENTICATED).
      handle: async (_req, res) =>
        sendJson(res, 200, {
          status: 'ok',
          ...(teams?.anonymous ? { warnings: ['teams unauthenticated'] } : {}),
        }),
    },
    ...ops.routes,
  ];

  // Each platform's SDK is loaded only when that platform is on, both at once: Bolt and botbuilder are most
  // of start-up.
  const [slackModule, teamsModule] = await Promise.all([
    config.slack ? import('./slack/create-slack-adapter.ts') : undefined,
    config.teams ? import('./teams/create-teams-adapter.ts') : undefined,
  ]);
  let slack: SlackAdapter | undefined;
  if (config.slack && slackModule) {
    const { createSlackAdapter } = slackModule;
    slack = createSlackAdapter({ settings: config.slack, turns, store, log });
    messengers.slack = slack.messenger;
    if (slack.route) routes.push(slack.route);
  }

  let teams: TeamsAdapter | undefined;
  if (config.teams && teamsModule) {
    const { createTeamsAdapter } = teamsModule;
    teams = createTeamsAdapter({ settings: config.teams, turns, store, log });
    messengers.teams = teams.messenger;
    routes.push(teams.route);
  }

  if (config.alerts.webhookSecret) {
    routes.push(
      ...createAlertRoutes({
        alerts: deps.alerts,
        secret: config.alerts.webhookSecret,
        ...(config.alerts.bearerToken ? { bearerToken: config.alerts.bearerToken } : {}),
        log: log.child({ route: 'alerts' }),
        store,
        now: () => now().getTime(),
      }),
    );
  }

  const server = createHttpServer(routes, log);
  return {
    server,
    dispatcher,
    turns,
    store,
    vendors,
    messengers,
    metrics,
    pollers,
    ops,
    reloadPolicy,
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
      await ops.listen();
      if (options.startPollers ?? true) for (const poller of Object.values(pollers)) poller.start();
      const address = server.address() as AddressInfo;
      return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
    },
    async close() {
      ops.markShuttingDown();
      await Promise.all(Object.values(pollers).map((p) => p.stop()));
      await ops.close();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections?.();
      // Alert cards still queued for their channel's pace go out before the platforms disconnect.
      const drained = await Promise.race([deps.alerts.idle().then(() => true), sleep(DRAIN_MS, false)]);
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
