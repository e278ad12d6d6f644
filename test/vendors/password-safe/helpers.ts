import { createLogger, type Logger } from '../../../src/log.ts';
import { type FakePasswordSafeOptions, startFakePasswordSafe } from '../../fakes/password-safe-server.ts';

/** A 128-character key, the length Password Safe issues. */
export const API_KEY = `${'c0ffee42'.repeat(15)}deadbeef`;
export const RUN_AS = 'gatehouse-api';

export function startSeededFake(options: Partial<FakePasswordSafeOptions> = {}) {
  return startFakePasswordSafe({ apiKey: API_KEY, runAs: RUN_AS, seed: true, ...options });
}

/** A real pino logger at debug level writing into memory, to prove what never reaches a log line. */
export function captureLogs(): { log: Logger; text(): string } {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
  return { log, text: () => lines.join('') };
}
