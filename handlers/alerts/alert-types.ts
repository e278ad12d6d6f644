import type { Platform } from '../../src/intents/envelope.ts';

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type AlertStatus = 'firing' | 'resolved';

export interface AlertLink {
  title?: string;
  url: string;
}

/** Where an alert came from, when a button must act on it there (Resolve sets an rport problem inactive). */
export type AlertOrigin = { kind: 'rport-problem'; problemId: string };

/** One alert as every source hands it over: the webhook, Alertmanager, and the pollers. */
export interface AlertInput {
  source: string;
  severity: Severity;
  title: string;
  text?: string;
  /** Alerts with the same key are one alert while it is open; derived from source, title and labels when absent. */
  dedupKey?: string;
  labels?: Record<string, string>;
  links?: AlertLink[];
  status: AlertStatus;
  origin?: AlertOrigin;
}

/** An alert with its key decided: what the ledger applies. */
export interface AlertEvent extends Omit<AlertInput, 'dedupKey'> {
  dedupKey: string;
  /** ISO 8601, when Gatehouse received it. */
  at: string;
}

/** A channel where an occurrence shows: its own card, or a line in that channel's digest. */
export interface Placement {
  platform: Platform;
  channel: string;
  /** The digest it joined during a storm on that channel; absent when it has its own card. */
  digest?: string;
}

export interface ButtonRefs {
  ack?: string;
  resolve?: string;
  mute?: string;
  run: Array<{ name: string; ref: string }>;
}

/**
 * What the store keeps per dedupKey (`alert:<key>`): the current occurrence (`epoch`), its counts and state,
 * and the mute, which outlives occurrences. Every replica reads and changes it with atomic updates.
 */
export interface AlertRecord {
  key: string;
  /** Occurrence number: a firing alert after a resolved one opens the next. */
  epoch: number;
  status: AlertStatus;
  source: string;
  severity: Severity;
  title: string;
  text?: string;
  labels: Record<string, string>;
  links: AlertLink[];
  origin?: AlertOrigin;
  firstSeen: string;
  lastSeen: string;
  /** Firing alerts received for this occurrence, repeats included. */
  count: number;
  /** Of those, how many arrived while the key was muted. */
  suppressed: number;
  resolvedAt?: string;
  resolvedBy?: string;
  ack?: { by: string; at: string };
  mute?: { until: string; by: string; at: string };
  lastRun?: { name: string; by: string; at: string };
  /** Route names that matched when it opened. */
  routes: string[];
  /** Undefined until placed in channels; the replica that set `placing` places it. */
  placements?: Placement[];
  placing?: string;
  buttons?: ButtonRefs;
}

/** A digest: the occurrences a channel received during a storm, shown as one message that keeps updating. */
export interface DigestRecord {
  id: string;
  platform: Platform;
  channel: string;
  since: string;
  /** `<dedupKey>#<epoch>` of each occurrence it holds. */
  members: string[];
}

export const recordKey = (dedupKey: string) => `alert:${dedupKey}`;
export const cardSubject = (dedupKey: string, epoch: number) => `alert:${dedupKey}#${epoch}`;
export const digestKey = (id: string) => `alerts:digest:${id}`;
export const digestSubject = (id: string) => `alert-digest:${id}`;
export const OPEN_INDEX = 'alerts:open';
export const RECEIVED_COUNTER = 'alerts:received';
