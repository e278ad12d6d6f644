import { readFileSync } from 'node:fs';
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { AuditEntry } from '../../intents/audit-log.ts';
import { formatSyslogMessage, frameOctetCounted } from '../syslog-format.ts';
import type { AuditSink } from './audit-sink.ts';

export interface SyslogSinkOptions {
  host: string;
  port: number;
  tls: boolean;
  /** PEM file of a private CA for the collector's certificate (TLS only). */
  caFile?: string;
  connectTimeoutMs?: number;
}

/**
 * RFC 5424 messages over one long-lived TCP or TLS (RFC 5425) connection, octet-counted. A write that fails
 * drops the connection and throws, so the exporter retries the batch on a new one.
 *
 * Why not a library: the syslog clients on npm either have no structured data (syslog-client and its forks),
 * do not escape PARAM-VALUEs (glossy), only format to stdout (pino-syslog), or carry a non-open licence
 * (@n8n/syslog-client). The format is a few lines (syslog-format.ts); node:net and node:tls do the transport.
 */
export function createSyslogSink(options: SyslogSinkOptions): AuditSink {
  const timeout = options.connectTimeoutMs ?? 10_000;
  let socket: Socket | undefined;

  function connect(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const { host, port } = options;
      const s = options.tls
        ? tlsConnect({
            host,
            port,
            ...(isIP(host) ? {} : { servername: host }),
            ...(options.caFile ? { ca: readFileSync(options.caFile, 'utf8') } : {}),
          })
        : tcpConnect({ host, port });
      const timer = setTimeout(
        () => s.destroy(new Error(`no connection to ${host}:${port} in ${timeout} ms`)),
        timeout,
      );
      s.once(options.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        s.removeListener('error', reject);
        s.on('error', () => s.destroy());
        s.on('close', () => {
          if (socket === s) socket = undefined;
        });
        // A collector says nothing back; anything it sends is ignored, and its end closes our side too.
        s.on('data', () => undefined);
        s.on('end', () => s.destroy());
        resolve(s);
      });
      s.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  return {
    name: `syslog+${options.tls ? 'tls' : 'tcp'}://${options.host}:${options.port}`,
    async send(entries: AuditEntry[]) {
      if (!socket || socket.destroyed) socket = await connect();
      const s = socket;
      const data = entries.map((e) => frameOctetCounted(formatSyslogMessage(e))).join('');
      await new Promise<void>((resolve, reject) => {
        s.write(data, 'utf8', (err) => {
          if (err) {
            s.destroy();
            reject(err);
          } else resolve();
        });
      });
    },
    async close() {
      const s = socket;
      socket = undefined;
      if (s && !s.destroyed) await new Promise<void>((resolve) => s.end(() => resolve()));
    },
  };
}
