import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Config } from '../../src/config/load-config.ts';
import type { Logger } from '../../src/log.ts';
import type { Metrics } from '../../src/metrics.ts';
import type { ReloadResult } from '../../src/policy/reload-policy.ts';
import type { Store } from '../../src/store/store.ts';
import { createHttpServer } from './create-http-server.ts';
import { header, type Route, sendJson, sendText } from './routes.ts';

export interface OpsOptions {
  settings: Config['ops'];
  store: Store;
  metrics: Metrics;
  /** Re-reads POLICY_FILE (SIGHUP and POST /admin/reload). */
  reloadPolicy: () => Promise<ReloadResult>;
  log: Logger;
}

export interface Ops {
  /** /readyz, /metrics (unless it has its own port) and /admin/reload, for the main server. */
  routes: Route[];
  /** Is this replica ready: started (platforms checked, pollers running), not shutting down, store answering. */
  ready(): Promise<boolean>;
  /** From now on /readyz answers 503, so load balancers stop sending before the server closes. */
  markShuttingDown(): void;
  /**
   * Starts the METRICS_PORT server when one is configured; called last in start-up (after the platforms'
   * tokens were checked), and only from then on does /readyz answer ready.
   */
  listen(): Promise<void>;
  /** Where that server listens (`http://host:port`), once it does. */
  metricsUrl(): string | undefined;
  close(): Promise<void>;
}

/** Bearer token check in constant time (hashing first, so the length does not leak either). */
export function bearerMatches(req: IncomingMessage, token: string): boolean {
  const given = /^Bearer (.+)$/i.exec(header(req, 'authorization') ?? '')?.[1] ?? '';
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(token));
}

/**
 * The operator's endpoints. /metrics needs METRICS_TOKEN as a bearer token, or is served only on
 * METRICS_HOST:METRICS_PORT (127.0.0.1 by default); with neither set it is not served on the public port
 * at all (403 naming the variables). POST /admin/reload always needs METRICS_TOKEN.
 */
export function createOps(options: OpsOptions): Ops {
  const { settings, store, metrics, log } = options;
  const token = settings.metricsToken;
  let started = false;
  let shuttingDown = false;
  let metricsServer: Server | undefined;

  const ready = async () => started && !shuttingDown && (await store.ping());

  const serveMetrics = (requireToken: boolean): Route => ({
    method: 'GET',
    path: '/metrics',
    handle: async (req, res) => {
      if (requireToken && !token) {
        sendJson(res, 403, {
          error: 'metrics are not served on this port: set METRICS_TOKEN (bearer) or METRICS_PORT',
        });
        return;
      }
      if (token && !bearerMatches(req, token)) {
        sendJson(
          res,
          401,
          { error: 'a valid bearer token (METRICS_TOKEN) is required' },
          {
            'www-authenticate': 'Bearer',
          },
        );
        return;
      }
      sendText(res, 200, await metrics.registry.metrics(), metrics.registry.contentType);
    },
  });

  const routes: Route[] = [
    {
      method: 'GET',
      path: '/readyz',
      handle: async (_req, res) => {
        const storeOk = await store.ping();
        const ok = storeOk && started && !shuttingDown;
        sendJson(res, ok ? 200 : 503, {
          status: ok ? 'ready' : 'not ready',
          store: storeOk ? 'ok' : 'unreachable',
          config: 'loaded',
          ...(started ? {} : { startup: 'in progress' }),
          ...(shuttingDown ? { shutdown: 'in progress' } : {}),
        });
      },
    },
    {
      method: 'POST',
      path: '/admin/reload',
      handle: async (req, res) => {
        if (!token || !bearerMatches(req, token)) {
          sendJson(res, token ? 401 : 403, {
            error: token ? 'a valid bearer token (METRICS_TOKEN) is required' : 'set METRICS_TOKEN to use it',
          });
          return;
        }
        const result = await options.reloadPolicy();
        if (result.ok)
          sendJson(res, 200, { status: result.changed ? 'reloaded' : 'unchanged', diff: result.diff });
        else sendJson(res, 422, { status: 'refused', error: result.error });
      },
    },
  ];
  if (settings.metricsPort === undefined) routes.push(serveMetrics(true));

  metrics.readOps({ ready });

  return {
    routes,
    ready,
    markShuttingDown() {
      shuttingDown = true;
    },
    async listen() {
      if (settings.metricsPort !== undefined) {
        const server = createHttpServer([serveMetrics(false)], log.child({ server: 'metrics' }));
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(settings.metricsPort, settings.metricsHost, () => resolve());
        });
        metricsServer = server;
        log.info(
          { host: settings.metricsHost, port: settings.metricsPort },
          'metrics served on their own port',
        );
      }
      started = true;
    },
    metricsUrl() {
      const address = metricsServer?.address();
      return address && typeof address === 'object'
        ? `http://${settings.metricsHost}:${address.port}`
        : undefined;
    },
    async close() {
      const server = metricsServer;
      if (!server) return;
      metricsServer = undefined;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
    },
  };
}
