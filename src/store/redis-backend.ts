import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import KeyvRedis from '@keyv/redis';
import Keyv from 'keyv';
import { readModifyWrite } from './mutex.ts';
import type { Claim, ClaimResult, Store } from './store.ts';

interface RawRedis {
  sendCommand<T = unknown>(args: string[]): Promise<T>;
}

const RELEASE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const LEASE = `local v = redis.call('get', KEYS[1])
if (not v) or v == ARGV[1] then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0`;

const RELEASE_CLAIM_IF_OWNER = `local v = redis.call('get', KEYS[1])
if v and cjson.decode(v).owner == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/** How long one `update` may hold its lock before another replica may take it (a crashed holder). */
const LOCK_TTL_MS = 10_000;
const LOCK_WAIT_MS = 15_000;

/**
 * The shared store for several replicas. Values go through keyv; claims, leases, counters and locks are
 * single Redis commands (SET NX PX, a compare-and-set script, INCRBY) under their own key prefix, so they are
 * atomic across every replica talking to the same server.
 */
export function connectRedisStore(url: string, options: { namespace?: string } = {}): Store {
  const namespace = options.namespace ?? 'gatehouse';
  const adapter = new KeyvRedis(url, { namespace });
  const keyv = new Keyv({ store: adapter, namespace, useKeyPrefix: false });
  const raw = async () => (await adapter.getClient()) as unknown as RawRedis;
  const k = (kind: string, key: string) => `${namespace}:${kind}:${key}`;

  async function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const client = await raw();
    const lockKey = k('lock', key);
    const token = randomUUID();
    const deadline = Date.now() + LOCK_WAIT_MS;
    let wait = 2;
    while ((await client.sendCommand(['SET', lockKey, token, 'NX', 'PX', String(LOCK_TTL_MS)])) === null) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the store lock on ${key}`);
      await sleep(wait + Math.random() * wait);
      wait = Math.min(wait * 2, 50);
    }
    try {
      return await fn();
    } finally {
      await client.sendCommand(['EVAL', RELEASE_IF_OWNER, '1', lockKey, token]);
    }
  }

  return {
    backend: 'redis',
    async get<T>(key: string) {
      return (await keyv.get(key)) as T | undefined;
    },
    async set(key, value, ttlMs) {
      await keyv.set(key, value, ttlMs);
    },
    async delete(key) {
      return keyv.delete(key);
    },
    async claim(key, owner, ttlMs): Promise<ClaimResult> {
      const client = await raw();
      const claim: Claim = { owner, at: new Date().toISOString() };
      const ok = await client.sendCommand([
        'SET',
        k('claim', key),
        JSON.stringify(claim),
        'NX',
        'PX',
        String(ttlMs),
      ]);
      if (ok !== null) return { won: true };
      const held = await client.sendCommand<string | null>(['GET', k('claim', key)]);
      return { won: false, holder: held ? (JSON.parse(held) as Claim) : { owner: 'unknown', at: claim.at } };
    },
    async releaseClaim(key, owner) {
      const client = await raw();
      await client.sendCommand(['EVAL', RELEASE_CLAIM_IF_OWNER, '1', k('claim', key), owner]);
    },
    async lease(key, owner, ttlMs) {
      const client = await raw();
      return (await client.sendCommand(['EVAL', LEASE, '1', k('lease', key), owner, String(ttlMs)])) === 1;
    },
    async releaseLease(key, owner) {
      const client = await raw();
      await client.sendCommand(['EVAL', RELEASE_IF_OWNER, '1', k('lease', key), owner]);
    },
    async increment(key, by = 1) {
      const client = await raw();
      return Number(await client.sendCommand(['INCRBY', k('count', key), String(by)]));
    },
    update<T>(key: string, fn: (current: T | undefined) => T | undefined, ttlMs?: number) {
      return withLock(key, () => readModifyWrite(keyv, key, fn, ttlMs));
    },
    async ping() {
      try {
        const client = await raw();
        return (await client.sendCommand(['PING'])) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await keyv.disconnect();
    },
  };
}
