import type { PolicyEngine } from './policy-engine.ts';

/** A PolicyEngine whose engine can be swapped while everything that holds it keeps the same object. */
export type ReloadablePolicy = PolicyEngine & {
  /** The engine in force. */
  current(): PolicyEngine;
  /** Put `next` in force; every later call on this object goes to it. */
  swap(next: PolicyEngine): void;
};

/**
 * The policy engine that adapters/server.ts hands to every part, made swappable for a reload without
 * restart. Every property is read from the engine in force at the moment of the call (a Proxy, not a list
 * of methods), so methods added to PolicyEngine later are delegated without a change here.
 */
export function createReloadablePolicy(initial: PolicyEngine): ReloadablePolicy {
  let engine = initial;
  const own = {
    current: () => engine,
    swap(next: PolicyEngine) {
      engine = next;
    },
  };
  return new Proxy(own as ReloadablePolicy, {
    get(target, key) {
      if (key === 'current' || key === 'swap') return target[key];
      const value: unknown = Reflect.get(engine, key, engine);
      return typeof value === 'function' ? value.bind(engine) : value;
    },
    has: (_target, key) => key === 'current' || key === 'swap' || Reflect.has(engine, key),
    ownKeys: () => [...new Set([...Reflect.ownKeys(engine), 'current', 'swap'])],
    getOwnPropertyDescriptor(target, key) {
      if (key === 'current' || key === 'swap') return Reflect.getOwnPropertyDescriptor(target, key);
      const d = Reflect.getOwnPropertyDescriptor(engine, key);
      return d ? { ...d, configurable: true } : undefined;
    },
  });
}
