import type { FakeAppliance, FakeRemoteSupportSeed } from './seed.ts';

/** What the fake Remote Support appliance records and lets a test control. */

export interface FakeRemoteSupportOptions {
  clientId: string;
  clientSecret: string;
  /** The default namespace every answer declares. Default: the bomgar.com one real appliances send. */
  namespace?: string;
  seed?: Partial<FakeRemoteSupportSeed>;
  /** `expires_in` of issued tokens. Default 3600 (documented). */
  tokenLifetimeSec?: number;
  /**
   * How check_health answers: `real` (default, EVIDENCE.md) is one `<health_check>` about the first seeded
   * appliance with sibling fields; `nested` lists every appliance with its fields as children.
   */
  healthLayout?: 'real' | 'nested';
}

export interface FakeTokenRequest {
  ok: boolean;
  connection: string | undefined;
  grantType: string | null;
}

export interface FakeCommandCall {
  method: string;
  action: string | undefined;
  params: Record<string, string>;
  /** The parameters that came in the query string (the rest came in the form body). */
  query: Record<string, string>;
  /** The `Connection` header as received. */
  connection: string | undefined;
  contentType: string | undefined;
  authorized: boolean;
}

export interface FakeIssuedKey {
  shortKey: string;
  keyUrl: string;
  queueId: string;
  expiresAt: string;
  params: Record<string, string>;
}

/** A scripted answer for the next authorized command call (of `action`, when given). */
export interface FakeFailure {
  action?: string;
  status?: number;
  /** An `<error>` with this text, placed as `setErrorPlacement` says. */
  error?: string;
  /** A raw body (e.g. a DOCTYPE, or a session key answer without a key). */
  body?: string;
  headers?: Record<string, string>;
}

export type ErrorPlacement = 'inside' | 'top';

export interface FakeRemoteSupport {
  url: string;
  close(): Promise<void>;
  readonly seed: FakeRemoteSupportSeed;
  readonly tokenRequests: FakeTokenRequest[];
  readonly commandCalls: FakeCommandCall[];
  /** Authorized `get_logged_in_reps` / `get_support_teams` calls that reached the appliance. */
  readonly repsCalls: number;
  readonly teamsCalls: number;
  readonly keysIssued: FakeIssuedKey[];
  /** TCP connections accepted, and how many are still open. */
  readonly connections: { opened: number; open: number };
  failNext(failure: FakeFailure): void;
  /** The next token request answers `status` with this JSON body. */
  failNextToken(status: number, body?: Record<string, unknown>): void;
  setErrorPlacement(placement: ErrorPlacement): void;
  setHealth(appliances: FakeAppliance[]): void;
  setPermissions(permissions: Record<string, string>): void;
  /** Forget every issued token (as if they expired or the secret was regenerated). */
  revokeTokens(): void;
  /** Wait this long before answering each command call. */
  setDelay(ms: number): void;
}
