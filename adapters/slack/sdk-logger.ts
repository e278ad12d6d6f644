import type { Logger } from '../../src/log.ts';

/**
 * Bolt, the Web API client and the Socket Mode client log whole payloads as strings at debug level
 * ("http request body: {…}", "Received a message on the WebSocket: {…}"). Those strings can hold what
 * Gatehouse never logs, such as a session key in an ephemeral reply, and pino's redact cannot reach inside a
 * string. So the payload part of an SDK line is cut off before it reaches the log.
 */
export function scrubSdkMessage(message: string): string {
  const at = message.search(/[[{]/);
  return at < 0 ? message : `${message.slice(0, at).trimEnd()} [payload omitted]`;
}

/** The logger the Slack SDKs get: their lines, scrubbed, under Gatehouse's pino logger. */
export function createSdkLogger(log: Logger) {
  const child = log.child({ component: 'bolt' });
  const line = (parts: unknown[]) =>
    scrubSdkMessage(
      parts
        .map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m)))
        .join(' '),
    );
  return {
    debug: (...m: unknown[]) => child.debug(line(m)),
    info: (...m: unknown[]) => child.info(line(m)),
    warn: (...m: unknown[]) => child.warn(line(m)),
    error: (...m: unknown[]) => child.error(line(m)),
    setLevel: () => undefined,
    getLevel: () => 'debug' as never,
    setName: () => undefined,
  };
}
