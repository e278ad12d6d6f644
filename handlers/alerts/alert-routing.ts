import type { ChannelTarget } from '../../src/intents/envelope.ts';
import { channelTargets } from '../../src/intents/posted-cards.ts';
import { compilePattern } from '../../src/policy/match.ts';
import type { AlertRoute } from '../../src/policy/policy-schema.ts';
import type { Store } from '../../src/store/store.ts';
import type { AlertEvent } from './alert-types.ts';

const SUBSCRIPTIONS = 'alerts:subscriptions';

/** What `subscribe` and `unsubscribe` changed, per route: channels added to or taken from the policy's. */
export type Subscriptions = Record<string, { add: ChannelTarget[]; remove: ChannelTarget[] }>;

const same = (a: ChannelTarget, b: ChannelTarget) => a.platform === b.platform && a.channel === b.channel;

/** A label value in a route matches exactly, or as a glob where `*` matches anything. */
function labelMatches(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  return pattern.includes('*') ? compilePattern(pattern, { safe: false }).test(value) : pattern === value;
}

/** Every route whose match fits the alert (all of them, not the first: a catch-all route still sees it). */
export function matchRoutes(routes: AlertRoute[], alert: Pick<AlertEvent, 'source' | 'severity' | 'labels'>) {
  return routes.filter(({ match }) => {
    if (match.source && !match.source.includes(alert.source)) return false;
    if (match.severity && !match.severity.includes(alert.severity)) return false;
    return Object.entries(match.labels ?? {}).every(([k, v]) => labelMatches(v, alert.labels?.[k]));
  });
}

export function createAlertSubscriptions(store: Store) {
  const read = async () => (await store.get<Subscriptions>(SUBSCRIPTIONS)) ?? {};

  async function change(route: string, target: ChannelTarget, subscribe: boolean): Promise<void> {
    await store.update<Subscriptions>(SUBSCRIPTIONS, (cur) => {
      const all = { ...(cur ?? {}) };
      const entry = all[route] ?? { add: [], remove: [] };
      const add = entry.add.filter((t) => !same(t, target));
      const remove = entry.remove.filter((t) => !same(t, target));
      all[route] = subscribe ? { add: [...add, target], remove } : { add, remove: [...remove, target] };
      return all;
    });
  }

  return {
    read,
    subscribe: (route: string, target: ChannelTarget) => change(route, target, true),
    unsubscribe: (route: string, target: ChannelTarget) => change(route, target, false),
  };
}

export type AlertSubscriptions = ReturnType<typeof createAlertSubscriptions>;

/** A route's channels now: the policy's, plus those subscribed from chat, minus those unsubscribed. */
export function routeTargets(route: AlertRoute, subs: Subscriptions): ChannelTarget[] {
  const entry = subs[route.name] ?? { add: [], remove: [] };
  const targets = [...channelTargets(route.channels), ...entry.add];
  return targets.filter(
    (t, i) => !entry.remove.some((r) => same(r, t)) && targets.findIndex((u) => same(u, t)) === i,
  );
}

/** The channels of several routes, each once. */
export function targetsOfRoutes(routes: AlertRoute[], subs: Subscriptions): ChannelTarget[] {
  const all = routes.flatMap((r) => routeTargets(r, subs));
  return all.filter((t, i) => all.findIndex((u) => same(u, t)) === i);
}
