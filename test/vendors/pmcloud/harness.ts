import { Writable } from 'node:stream';
import { createLogger } from '../../../src/log.ts';
import type { Store } from '../../../src/store/store.ts';
import {
  createPmCloudClient,
  type PmCloudClient,
  type PmCloudClientOptions,
} from '../../../src/vendors/pmcloud/index.ts';
import { type FakePmCloud, type FakePmCloudOptions, startFakePmCloud } from '../../fakes/pmcloud-server.ts';
import { storeBackends } from '../../helpers/stores.ts';

export const CLIENT_ID = 'gatehouse-test';
export const CLIENT_SECRET = 'pmc-secret-do-not-print';

export interface Harness {
  fake: FakePmCloud;
  store: Store;
  /** Everything the client logged, as text. */
  logs: () => string;
  client: PmCloudClient;
  /** Another client (a second replica) on the same fake and store. */
  replica: (overrides?: Partial<PmCloudClientOptions>) => PmCloudClient;
  close: () => Promise<void>;
}

/** A fake PM Cloud and a client pointed at it, over real HTTP on 127.0.0.1. */
export async function startHarness(
  options: {
    fake?: FakePmCloudOptions;
    client?: Partial<PmCloudClientOptions>;
    makeStore?: () => Store;
  } = {},
): Promise<Harness> {
  const fake = await startFakePmCloud({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...options.fake });
  const store = (options.makeStore ?? storeBackends[0]![1])();
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level: 'debug', destination });
  const replica = (overrides: Partial<PmCloudClientOptions> = {}) =>
    createPmCloudClient({
      baseUrl: fake.url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      store,
      log,
      ...options.client,
      ...overrides,
    });
  return {
    fake,
    store,
    logs: () => lines.join(''),
    client: replica(),
    replica,
    close: async () => {
      await fake.close();
      await store.close();
    },
  };
}

/** The rejection of `promise`, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail, and it succeeded');
}
