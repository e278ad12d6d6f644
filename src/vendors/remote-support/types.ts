/** Typed answers of the Remote Support command API. Unmapped child elements stay in `extra` (name → text). */

export interface LoggedInRep {
  id: number;
  publicDisplayName: string;
  /** Falls back to the public name when the appliance omits it. */
  privateDisplayName: string;
  /** `Normal` or `Invited` (older appliances also `Embassy`). */
  type: string;
  /** ISO 8601, when the appliance sent it. */
  loggedInSince?: string;
  supportSessionCount?: number;
  presentationCount?: number;
  showingOnRepList?: boolean;
  extra: Record<string, string>;
}

export interface SupportIssue {
  id: number;
  codeName: string;
  /** The issue's `<description>` (or `<name>`), else its code name. */
  name: string;
  extra: Record<string, string>;
}

export interface SupportTeamMember {
  id: number;
  displayName: string;
  extra: Record<string, string>;
}

export interface SupportTeam {
  id: number;
  name: string;
  codeName: string;
  comments?: string;
  /** Present when the appliance sent an `<issues>` list. */
  issues?: SupportIssue[];
  /** Present when asked for with `showMembers` and the appliance sent `<members>`. */
  members?: SupportTeamMember[];
  extra: Record<string, string>;
}

export interface ApplianceHealth {
  /** The appliance's GUID. */
  id: string;
  /** The text of `<appliance>` (EVIDENCE.md). */
  hostname: string;
  /** Undefined when the appliance did not say: shown as unknown. */
  version?: string;
  success: boolean;
  errorMessage?: string;
  /** `none`, `primary` or `backup`; undefined when the appliance did not say. */
  failoverRole?: string;
  enabledSharedIps: string[];
  /** ISO 8601. */
  lastDataSyncTime?: string;
  lastDataSyncStatus?: string;
  extra: Record<string, string>;
}

export interface ApiInfo {
  apiVersion: string;
  companyName: string;
  /** The appliance's clock, ISO 8601 (sent as Unix seconds or as a date). */
  timestamp: string;
  /** Permission name → value, e.g. `perm_command → full_access`, `perm_backup → 1`. */
  permissions: Record<string, string>;
  extra: Record<string, string>;
}

export interface SessionKey {
  /** The seven-character key. A secret for as long as it is valid: never log it. */
  shortKey: string;
  keyUrl: string;
  mailSubject?: string;
  mailBody?: string;
  /** ISO 8601, when the appliance said. */
  expiresAt?: string;
  /** The external key as the appliance recorded it (its `<external_key>` echo), when one was sent. */
  externalKey?: string;
  extra: Record<string, string>;
}

/** Where the session waits: the general queue, a rep (by id or username), a team, or an issue. */
export type SessionQueue =
  | 'general'
  | { rep: number }
  | { repUsername: string }
  | { team: number }
  | { issue: string };

export interface SessionKeyRequest {
  queue: SessionQueue;
  /** How long the key stays valid, in seconds (`ttl`). */
  expiresInSec?: number;
  /** A ticket id or similar, logged with the session (`session.custom.external_key` and `external_key`). */
  externalKey?: string;
  /** The customer's name (`customer.name`). UNVERIFIED: no public source shows this parameter. */
  customerName?: string;
  /** Custom session fields by code name (`session.custom.<name>`); configured in /login first. */
  customFields?: Record<string, string>;
}
