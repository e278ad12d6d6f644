import { hostname } from 'node:os';
import type { AuditEntry } from '../intents/audit-log.ts';
import { entryLine } from './chain-hash.ts';

/**
 * The SD-ID of the one structured-data element per entry. Gatehouse has no IANA Private Enterprise Number, so
 * it uses 32473, the number RFC 5612 reserves for documentation and examples; SIEM parsers match on it.
 */
export const SD_ID = 'gatehouse@32473';
/** Facility 13 ("log audit", RFC 5424 table 1), severity 6 (informational). */
const PRI = 13 * 8 + 6;
const BOM = '\uFEFF';

/** RFC 5424 §6.3.3: inside PARAM-VALUE, `"`, `\` and `]` are escaped with a backslash. */
export function escapeParamValue(value: string): string {
  return value.replace(/["\\\]]/g, (c) => `\\${c}`);
}

/** Header fields are PRINTUSASCII (33–126) of limited length, or `-` (the NILVALUE). */
function headerField(value: string, max: number): string {
  const clean = value.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return clean || '-';
}

/**
 * One audit entry as an RFC 5424 message: header, one SD element with the fields a SIEM indexes on, and as
 * MSG (UTF-8, with the BOM the RFC asks for) the exported JSON line itself, from which the chain is verified.
 */
export function formatSyslogMessage(
  entry: AuditEntry,
  host = hostname(),
  procId = String(process.pid),
): string {
  const params: Array<[string, string | undefined]> = [
    ['seq', String(entry.seq)],
    ['prev', entry.prev],
    ['hash', entry.hash],
    ['action', entry.action],
    ['decision', entry.decision],
    ['result', entry.result],
    ['actor', `${entry.actor.platform}:${entry.actor.userId}`],
    ['actorName', entry.actor.name],
    ['actorEmail', entry.actor.email],
    ...entry.targets.map((t): [string, string] => ['target', t]),
    ['detail', entry.detail],
  ];
  const sd = `[${SD_ID}${params
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeParamValue(value)}"`)
    .join('')}]`;
  const header = [
    `<${PRI}>1`,
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)$/.test(entry.at) ? entry.at : '-',
    headerField(host, 255),
    'gatehouse',
    headerField(procId, 128),
    'audit',
  ].join(' ');
  return `${header} ${sd} ${BOM}${entryLine(entry)}`;
}

/** RFC 5425 §4.3 / RFC 6587 §3.4.1 octet counting: `MSG-LEN SP SYSLOG-MSG`, the length in bytes. */
export function frameOctetCounted(message: string): string {
  return `${Buffer.byteLength(message, 'utf8')} ${message}`;
}
