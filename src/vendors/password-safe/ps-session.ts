import { z } from 'zod';
import { psListSchema } from './ps-list-schema.ts';

/**
 * A Password Safe recorded session (seed 001, `GET Sessions`), in our names. The vendor's `Token` is a
 * secret: it is not declared here, and `toPsSession` builds a new object, so it never leaves this module.
 */
export interface PsSession {
  id: number;
  userId: number;
  nodeId: string | null;
  status: number;
  /** `In Progress`, `Completed`, … or `status <n>` for a value the vendor has not documented. */
  statusName: string;
  archiveStatus: number | null;
  protocol: number | null;
  /** `RDP`, `SSH`, or `protocol <n>` for another value. */
  protocolName: string;
  /** As Password Safe sent it (ISO 8601, sometimes without a zone). */
  startTime: string | null;
  endTime: string | null;
  /** Length of the session in seconds [I: a third-party sample has 3600 for a one-hour session]. */
  durationSeconds: number | null;
  assetName: string | null;
  managedSystemId: number | null;
  managedAccountId: number | null;
  managedAccountName: string | null;
  recordKey: string | null;
}

/** Seed 001 `status` values. */
export const SESSION_STATUS_NAMES: Readonly<Record<number, string>> = {
  0: 'Not Started',
  1: 'In Progress',
  2: 'Completed',
  5: 'Locked',
  7: 'Terminated',
  8: 'Logged Off',
  9: 'Disconnected',
};

/**
 * `Protocol` is an undocumented int [V-client: Elastic's BeyondInsight integration maps 0 → rdp, 1 → ssh
 * and calls anything else unknown]. Other values are shown as numbers.
 */
export const SESSION_PROTOCOL_NAMES: Readonly<Record<number, string>> = { 0: 'RDP', 1: 'SSH' };

export function nameSessionStatus(status: number): string {
  return SESSION_STATUS_NAMES[status] ?? `status ${status}`;
}

export function nameSessionProtocol(protocol: number | null): string {
  if (protocol === null) return 'unknown protocol';
  return SESSION_PROTOCOL_NAMES[protocol] ?? `protocol ${protocol}`;
}

const text = z.string().nullish();
const int = z.number().int().nullish();

export const psSessionSchema = z.looseObject({
  SessionID: z.number().int(),
  UserID: z.number().int(),
  NodeID: text,
  Status: z.number().int(),
  ArchiveStatus: int,
  Protocol: int,
  StartTime: text,
  EndTime: text,
  Duration: int,
  AssetName: text,
  ManagedSystemID: int,
  ManagedAccountID: int,
  ManagedAccountName: text,
  RecordKey: text,
});

/** `GET Sessions` answers a bare array; a paged answer is accepted too. */
export const psSessionListSchema = psListSchema(psSessionSchema);

export function toPsSession(raw: z.infer<typeof psSessionSchema>): PsSession {
  const protocol = raw.Protocol ?? null;
  return {
    id: raw.SessionID,
    userId: raw.UserID,
    nodeId: raw.NodeID ?? null,
    status: raw.Status,
    statusName: nameSessionStatus(raw.Status),
    archiveStatus: raw.ArchiveStatus ?? null,
    protocol,
    protocolName: nameSessionProtocol(protocol),
    startTime: raw.StartTime ?? null,
    endTime: raw.EndTime ?? null,
    durationSeconds: raw.Duration ?? null,
    assetName: raw.AssetName ?? null,
    managedSystemId: raw.ManagedSystemID ?? null,
    managedAccountId: raw.ManagedAccountID ?? null,
    managedAccountName: raw.ManagedAccountName ?? null,
    recordKey: raw.RecordKey ?? null,
  };
}
