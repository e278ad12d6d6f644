import { ConfigError } from '../errors.ts';
import { createRedisStore } from './redis-store.ts';
import { createSqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

/** `sqlite://<path>` (embedded default) or `redis://…` / `rediss://…`. */
export function createStore(url: string, options: { namespace?: string } = {}): Store {
  if (url.startsWith('sqlite://')) return createSqliteStore(url.slice('sqlite://'.length), options);
  if (url.startsWith('redis://') || url.startsWith('rediss://')) return createRedisStore(url, options);
  throw new ConfigError(`STORE_URL must start with sqlite:// or redis:// (got "${url.split(':')[0]}:…").`);
}
