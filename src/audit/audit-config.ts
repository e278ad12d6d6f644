import { z } from 'zod';
import { ConfigError } from '../errors.ts';

export type ExportTarget =
  | { kind: 'file'; path: string }
  | { kind: 'https'; url: string }
  | { kind: 'syslog'; tls: boolean; host: string; port: number };

export interface AuditConfig {
  /** GATEHOUSE_SECRET_KEY, 32 bytes; absent → the chain is hashed but its head is not signed. */
  secretKey?: Buffer;
  retentionDays: number;
  /** Sign the head after this many entries … */
  checkpointEvery: number;
  /** … or at the first entry after this many seconds since the last signature. */
  checkpointSeconds: number;
  export?: { target: ExportTarget; token?: string; caFile?: string; fileMaxBytes: number };
}

const int = (fallback: number, min: number) =>
  z.coerce.number().int().min(min, `must be a whole number of at least ${min}`).default(fallback);

const schema = z.object({
  GATEHOUSE_SECRET_KEY: z.string().optional(),
  AUDIT_RETENTION_DAYS: int(400, 1),
  AUDIT_CHECKPOINT_EVERY: int(100, 1),
  AUDIT_CHECKPOINT_SECONDS: int(60, 1),
  AUDIT_EXPORT: z.string().trim().optional(),
  AUDIT_EXPORT_TOKEN: z.string().min(1).optional(),
  AUDIT_EXPORT_CA: z.string().min(1).optional(),
  AUDIT_EXPORT_FILE_MAX_MB: int(100, 1),
});

/** 32 bytes as 64 hex characters or as base64 (`openssl rand -base64 32`). */
export function parseSecretKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t)
    ? Buffer.from(t, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(t)
      ? Buffer.from(t, 'base64')
      : Buffer.alloc(0);
  if (key.length !== 32)
    throw new ConfigError(
      'GATEHOUSE_SECRET_KEY must be 32 bytes, as base64 or 64 hex characters (generate one with `openssl rand -base64 32`).',
    );
  return key;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** `file:<path>`, `https://…` (http:// only to this machine), `syslog+tls://host:port`, `syslog+tcp://host:port`. */
export function parseExportTarget(text: string): ExportTarget {
  const bad = (why: string) => new ConfigError(`AUDIT_EXPORT ${why}.`);
  if (text.startsWith('file:')) {
    const path = text.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw bad('needs a path after file:');
    return { kind: 'file', path };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad('must be file:<path>, https://…, syslog+tls://host:port or syslog+tcp://host:port');
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    return { kind: 'https', url: url.toString() };
  if (url.protocol === 'http:') throw bad('must use https:// (plain http:// only to 127.0.0.1 for testing)');
  if (url.protocol === 'syslog+tls:' || url.protocol === 'syslog+tcp:') {
    const port = Number(url.port);
    if (!url.hostname || !port) throw bad('needs a host and a port: syslog+tls://siem.example.com:6514');
    return { kind: 'syslog', tls: url.protocol === 'syslog+tls:', host: url.hostname, port };
  }
  throw bad('must be file:<path>, https://…, syslog+tls://host:port or syslog+tcp://host:port');
}

/** The audit part of the configuration; a bad value throws a ConfigError naming the variable. */
export function loadAuditConfig(env: Record<string, string | undefined>): AuditConfig {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new ConfigError(`${String(issue.path[0])} ${issue.message}.`);
  }
  const e = result.data;
  return {
    ...(e.GATEHOUSE_SECRET_KEY ? { secretKey: parseSecretKey(e.GATEHOUSE_SECRET_KEY) } : {}),
    retentionDays: e.AUDIT_RETENTION_DAYS,
    checkpointEvery: e.AUDIT_CHECKPOINT_EVERY,
    checkpointSeconds: e.AUDIT_CHECKPOINT_SECONDS,
    ...(e.AUDIT_EXPORT
      ? {
          export: {
            target: parseExportTarget(e.AUDIT_EXPORT),
            ...(e.AUDIT_EXPORT_TOKEN ? { token: e.AUDIT_EXPORT_TOKEN } : {}),
            ...(e.AUDIT_EXPORT_CA ? { caFile: e.AUDIT_EXPORT_CA } : {}),
            fileMaxBytes: e.AUDIT_EXPORT_FILE_MAX_MB * 1024 * 1024,
          },
        }
      : {}),
  };
}
