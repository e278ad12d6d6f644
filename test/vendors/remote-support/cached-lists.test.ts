import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../../src/store/create-store.ts';
import type { Store } from '../../../src/store/store.ts';
import {
  createRemoteSupportClient,
  type RemoteSupportClient,
} from '../../../src/vendors/remote-support/index.ts';
import { type FakeRemoteSupport, startFakeRemoteSupport } from '../../fakes/remote-support-server.ts';
import { REDIS_URL, storeBackends } from '../../helpers/stores.ts';
import { CLIENT_ID, CLIENT_SECRET, rejectionOf } from './setup-remote-support.ts';

let fake: FakeRemoteSupport | undefined;
const stores: Store[] = [];
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function clientOn(store: Store, now?: () => number): RemoteSupportClient {
  return createRemoteSupportClient({
    baseUrl: fake!.url,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    store,
    ...(now ? { now } : {}),
  });
}

async function startFake(delayMs = 30): Promise<FakeRemoteSupport> {
  fake = await startFakeRemoteSupport({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  // A slow appliance, so that the concurrent callers really overlap the one upstream call.
  fake.setDelay(delayMs);
  return fake;
}

describe.each(storeBackends)('cached rep and team lists on %s', (_name, make) => {
  function store(): Store {
    const s = make();
    stores.push(s);
    return s;
  }

  it('serves 50 concurrent callers with one upstream call each for reps and teams', async () => {
    const f = await startFake();
    const client = clientOn(store());
    const [reps, teams] = await Promise.all([
      Promise.all(Array.from({ length: 50 }, () => client.cachedReps())),
      Promise.all(Array.from({ length: 50 }, () => client.cachedTeams())),
    ]);
    expect(f.repsCalls).toBe(1);
    expect(f.teamsCalls).toBe(1);
    expect(new Set(reps.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(reps[0]?.map((r) => r.id)).toEqual(f.seed.reps.map((r) => r.id));
    expect(teams[49]?.map((t) => t.codeName)).toEqual(f.seed.teams.map((t) => t.codeName));
  });

  it('calls again only once the period has passed', async () => {
    const f = await startFake(0);
    let clock = Date.now();
    const client = clientOn(store(), () => clock);
    await client.cachedReps();
    clock += 59_000;
    await Promise.all([client.cachedReps(), client.cachedReps()]);
    expect(f.repsCalls).toBe(1);
    clock += 2_000;
    await Promise.all([client.cachedReps(), client.cachedReps()]);
    expect(f.repsCalls).toBe(2);
    // The raw call is still there, and still goes upstream.
    await client.getLoggedInReps();
    expect(f.repsCalls).toBe(3);
  });

  it('does not cache a failure', async () => {
    const f = await startFake(0);
    const client = clientOn(store());
    f.failNext({ action: 'get_support_teams', status: 503, body: '' });
    expect((await rejectionOf(client.cachedTeams())).message).toMatch(/HTTP 503/);
    expect((await client.cachedTeams()).length).toBe(f.seed.teams.length);
    await client.cachedTeams();
    expect(f.teamsCalls).toBe(2);
  });
});

describe('cached lists across replicas sharing Redis', () => {
  it('make one upstream call for 50 concurrent callers on two clients with their own connections', async () => {
    const f = await startFake();
    const namespace = `gh-test-${randomUUID()}`;
    const a = createStore(REDIS_URL, { namespace });
    const b = createStore(REDIS_URL, { namespace });
    stores.push(a, b);
    const one = clientOn(a);
    const two = clientOn(b);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? one : two).cachedReps()),
    );
    expect(f.repsCalls).toBe(1);
    expect(results.every((r) => r.length === f.seed.reps.length)).toBe(true);
    // A third replica arriving later reads the shared value too.
    const c = createStore(REDIS_URL, { namespace });
    stores.push(c);
    await clientOn(c).cachedReps();
    expect(f.repsCalls).toBe(1);
  });
});
