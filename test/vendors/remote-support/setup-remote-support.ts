import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../../../src/store/create-store.ts';
import type { Store } from '../../../src/store/store.ts';
import {
  createRemoteSupportClient,
  type RemoteSupportClient,
  type RemoteSupportClientOptions,
} from '../../../src/vendors/remote-support/index.ts';
import {
  type FakeRemoteSupport,
  type FakeRemoteSupportOptions,
  startFakeRemoteSupport,
} from '../../fakes/remote-support-server.ts';

export const CLIENT_ID = 'gatehouse-api';
export const CLIENT_SECRET = 's3cret-rs-secret';

export interface RemoteSupportRig {
  fake: FakeRemoteSupport;
  client: RemoteSupportClient;
  store: Store;
  close(): Promise<void>;
}

/** A fake appliance, a fresh SQLite store and a client pointed at both. */
export async function setupRemoteSupport(
  fakeOptions: Partial<FakeRemoteSupportOptions> = {},
  clientOptions: Partial<RemoteSupportClientOptions> = {},
): Promise<RemoteSupportRig> {
  const fake = await startFakeRemoteSupport({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...fakeOptions,
  });
  const store = createStore(`sqlite://${join(mkdtempSync(join(tmpdir(), 'gh-rs-')), 'test.sqlite')}`);
  const client = createRemoteSupportClient({
    baseUrl: fake.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    store,
    ...clientOptions,
  });
  return {
    fake,
    client,
    store,
    async close() {
      await fake.close();
      await store.close();
    },
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
