import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../../src/store/create-store.ts';
import type { Store } from '../../src/store/store.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Both real backends, for `describe.each`: a fresh SQLite file, and a fresh namespace on the real Redis. */
export const storeBackends: Array<[name: string, make: () => Store]> = [
  ['sqlite', () => createStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'gh-store-')), 'test.sqlite')}`)],
  ['redis', () => createStore(REDIS_URL, { namespace: `gh-test-${randomUUID()}` })],
];
