import type { Store } from '../../store/store.ts';
import type { VendorTransport } from '../http.ts';
import { createCachedValue } from './cached-value.ts';
import { createCommandTransport } from './command-transport.ts';
import { parseApiInfo } from './parse-api-info.ts';
import { parseCheckHealth } from './parse-check-health.ts';
import { parseLoggedInReps } from './parse-logged-in-reps.ts';
import { parseSessionKey } from './parse-session-key.ts';
import { parseSupportTeams } from './parse-support-teams.ts';
import { buildSessionKeyParams } from './session-key-params.ts';
import type {
  ApiInfo,
  ApplianceHealth,
  LoggedInRep,
  SessionKey,
  SessionKeyRequest,
  SupportTeam,
} from './types.ts';

export interface RemoteSupportClientOptions extends VendorTransport {
  clientId: string;
  clientSecret: string;
  /** Shares the bearer token and the rep and team caches between replicas. */
  store: Store;
  /** How long rep and team lists are reused (the vendor advises caching them). Default 60 s. */
  cacheTtlMs?: number;
  /** The clock, for tests. */
  now?: () => number;
}

export interface RemoteSupportClient {
  /** `generate_session_key` (POST; needs full command access). The key is a secret: never log it. */
  generateSessionKey(req: SessionKeyRequest): Promise<SessionKey>;
  /** `get_logged_in_reps`, straight from the appliance. */
  getLoggedInReps(): Promise<LoggedInRep[]>;
  /** `get_support_teams`, straight from the appliance (`showmembers=1` when asked). */
  getSupportTeams(options?: { showMembers?: boolean }): Promise<SupportTeam[]>;
  /** `check_health`: one entry per appliance in the cluster. */
  checkHealth(): Promise<ApplianceHealth[]>;
  /** `get_api_info`: version, clock and the API account's permissions. */
  getApiInfo(): Promise<ApiInfo>;
  /** Logged-in reps, fetched at most once per `cacheTtlMs` across every caller and replica. */
  cachedReps(): Promise<LoggedInRep[]>;
  /** Support teams with their issues, fetched at most once per `cacheTtlMs` across callers and replicas. */
  cachedTeams(): Promise<SupportTeam[]>;
  /** Tokens this instance fetched (for tests and metrics). */
  readonly tokenFetches: number;
}

/**
 * The BeyondTrust Remote Support command API (XML over `/api/command`, OAuth2 client credentials). Every
 * call uses its own connection (`Connection: close`), every answer is parsed without DTDs or entities and
 * regardless of the namespace the site declares, and every failure becomes a RemoteSupportError (or a
 * RateLimitedError) whose message says what to do (see map-failure.ts).
 */
export function createRemoteSupportClient(options: RemoteSupportClientOptions): RemoteSupportClient {
  const transport = createCommandTransport(options);
  const ttlMs = options.cacheTtlMs ?? 60_000;

  const client: RemoteSupportClient = {
    get tokenFetches() {
      return transport.tokens.fetches;
    },
    async generateSessionKey(req) {
      const params = buildSessionKeyParams(req);
      return parseSessionKey(await transport.command('generate_session_key', params, 'POST'));
    },
    async getLoggedInReps() {
      return parseLoggedInReps(await transport.command('get_logged_in_reps'));
    },
    async getSupportTeams(opts = {}) {
      const params: Record<string, string> = opts.showMembers ? { showmembers: '1' } : {};
      return parseSupportTeams(await transport.command('get_support_teams', params));
    },
    async checkHealth() {
      return parseCheckHealth(await transport.command('check_health'));
    },
    async getApiInfo() {
      return parseApiInfo(await transport.command('get_api_info'));
    },
    cachedReps: () => reps.get(),
    cachedTeams: () => teams.get(),
  };

  const cached = <T>(action: string, load: () => Promise<T>) =>
    createCachedValue({
      store: options.store,
      key: `rs:cache:${action}`,
      claimKey: `rs:cache-refresh:${action}`,
      ttlMs,
      load,
      ...(options.now ? { now: options.now } : {}),
    });
  const reps = cached('get_logged_in_reps', () => client.getLoggedInReps());
  const teams = cached('get_support_teams', () => client.getSupportTeams());
  return client;
}
