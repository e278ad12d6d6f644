import { type AuditLog, createAuditLog } from '../intents/audit-log.ts';
import type { Poller } from '../intents/poller.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import type { AuditConfig } from './audit-config.ts';
import { type AuditExporter, createAuditExporter } from './audit-exporter.ts';
import { createCheckpointSigner } from './checkpoint.ts';
import { createHeadSigner } from './sign-head.ts';
import type { AuditSink } from './sinks/audit-sink.ts';
import { createFileSink } from './sinks/file-sink.ts';
import { createHttpsSink } from './sinks/https-sink.ts';
import { createSyslogSink } from './sinks/syslog-sink.ts';

export interface AuditTrail {
  audit: AuditLog;
  /** Present when AUDIT_EXPORT is set; a poller (runOnce/start/stop) under a store lease. */
  exporter?: AuditExporter;
  /** Background work to start and stop with the others: `audit-export`, `audit-sign` (with a key). */
  pollers: Record<string, Poller>;
}

/** The sink AUDIT_EXPORT names. */
export function createAuditSink(settings: NonNullable<AuditConfig['export']>): AuditSink {
  const { target } = settings;
  if (target.kind === 'file') return createFileSink(target.path, settings.fileMaxBytes);
  if (target.kind === 'https')
    return createHttpsSink({
      url: target.url,
      ...(settings.token ? { token: settings.token } : {}),
      ...(settings.caFile ? { caFile: settings.caFile } : {}),
    });
  return createSyslogSink({
    host: target.host,
    port: target.port,
    tls: target.tls,
    ...(settings.caFile ? { caFile: settings.caFile } : {}),
  });
}

/**
 * The audit trail as the composition root wires it: the hash-chained log every handler records to, and the
 * exporter when one is configured. Without GATEHOUSE_SECRET_KEY the chain is still hashed and exported, but
 * its head is not signed: one warning here, and `audit verify` says so.
 */
export function createAuditTrail(
  config: AuditConfig,
  deps: { store: Store; log: Logger; now?: () => Date },
): AuditTrail {
  const { store, log } = deps;
  if (!config.secretKey)
    log.warn(
      'GATEHOUSE_SECRET_KEY is not set: audit entries are hash-chained but the chain head is not signed, so a rewrite of the whole store would go unnoticed (generate a key with `openssl rand -base64 32`).',
    );
  const audit = createAuditLog(store, log, deps.now, {
    ...(config.secretKey ? { secretKey: config.secretKey } : {}),
    retentionDays: config.retentionDays,
    checkpointEvery: config.checkpointEvery,
    checkpointSeconds: config.checkpointSeconds,
  });
  const pollers: Record<string, Poller> = {};
  if (config.secretKey)
    pollers['audit-sign'] = createHeadSigner({
      store,
      signer: createCheckpointSigner(config.secretKey),
      ttlMs: config.retentionDays * 86_400_000,
      intervalMs: config.checkpointSeconds * 1000,
      log,
      ...(deps.now ? { now: deps.now } : {}),
    });
  if (!config.export) return { audit, pollers };
  const sink = createAuditSink(config.export);
  log.info({ target: sink.name }, 'audit entries are exported');
  const exporter = createAuditExporter({ store, sink, log: log.child({ part: 'audit-export' }) });
  pollers['audit-export'] = exporter;
  return { audit, exporter, pollers };
}
