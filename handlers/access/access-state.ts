import type { Actor } from '../../src/intents/envelope.ts';
import type { PolicyEngine } from '../../src/policy/policy-engine.ts';
import type { Policy } from '../../src/policy/policy-schema.ts';
import type { Store } from '../../src/store/store.ts';
import type { AdminAccessRequest } from '../../src/vendors/pmcloud/index.ts';
import type { AccessDuration } from './access-durations.ts';

/**
 * What Gatehouse knows about one PM Cloud admin access request, in the store so every replica sees the same:
 * `pending` until Gatehouse decides it (`approved`, `denied`), PM Cloud reports it decided by someone else
 * (`elsewhere`), the policy's time limit passes (`expired`) or PM Cloud no longer has it (`gone`).
 */
export type AccessStatus = 'pending' | 'approved' | 'denied' | 'elsewhere' | 'expired' | 'gone';

export interface AccessVote {
  /** Who, as `personKey` spells them: one vote per person. */
  person: string;
  name: string;
  at: string;
}

export interface AccessState {
  id: string;
  /** The request as PM Cloud described it when Gatehouse first saw it. */
  request: AdminAccessRequest;
  status: AccessStatus;
  /** Bumped by every change, so a card update can tell it showed an older state. */
  version: number;
  /** The pending action whose id the card's buttons carry; absent when only text commands touched it. */
  ref?: string;
  firstSeenAt: string;
  approvals: AccessVote[];
  /** Who is sending the decision to PM Cloud right now (between the claim and PM Cloud's answer). */
  deciding?: { by: string; at: string };
  decision?: { by: string[]; at: string; duration?: AccessDuration; reason?: string };
  /** A decision made outside Gatehouse, as PM Cloud reports it. */
  elsewhere?: { decision: 'Approved' | 'Denied'; by?: string; at?: string };
  /** The waiting time last shown on the cards; the poller refreshes them when it changes. */
  shownWaiting?: string;
}

const FINAL: ReadonlySet<AccessStatus> = new Set(['approved', 'denied', 'elsewhere', 'expired', 'gone']);

export const isFinal = (state: AccessState) => FINAL.has(state.status);

/** Store keys: ids are UUIDs, matched case-insensitively as PM Cloud does. */
export const accessKeys = {
  state: (id: string) => `access:state:${id.toLowerCase()}`,
  posted: (id: string) => `access:posted:${id.toLowerCase()}`,
  decide: (id: string) => `access:decide:${id.toLowerCase()}`,
  vote: (id: string, person: string) => `access:vote:${id.toLowerCase()}:${person}`,
  /** The subject under which posted-cards keeps every copy of the card. */
  subject: (id: string) => `access:${id.toLowerCase()}`,
  /** The ids the poller still watches (posted or touched, not yet final). */
  open: 'access:open',
} as const;

/** How long states and claims are kept: past the policy's expiry, so late clicks still read the outcome. */
export function keepMs(access: Policy['access']): number {
  return (access.expire_after + 30 * 86_400) * 1000;
}

/**
 * One person, whatever platform or account they click from (the policy's person model); undefined for an
 * account that resolves to nobody, which therefore cannot vote.
 */
export function personKey(policy: Pick<PolicyEngine, 'personOf'>, actor: Actor): string | undefined {
  return policy.personOf(actor);
}

export function newAccessState(request: AdminAccessRequest, now: Date, ref?: string): AccessState {
  return {
    id: request.id,
    request,
    status: 'pending',
    version: 1,
    ...(ref ? { ref } : {}),
    firstSeenAt: now.toISOString(),
    approvals: [],
  };
}

export function loadAccessState(store: Store, id: string): Promise<AccessState | undefined> {
  return store.get<AccessState>(accessKeys.state(id));
}

/**
 * Change a state atomically (across replicas on Redis); `change` returns the new state or undefined to leave
 * it. Returns the state as stored afterwards and whether `change` changed it.
 */
export async function updateAccessState(
  store: Store,
  access: Policy['access'],
  id: string,
  change: (current: AccessState | undefined) => AccessState | undefined,
): Promise<{ state: AccessState | undefined; changed: boolean }> {
  let changed = false;
  const state = await store.update<AccessState>(
    accessKeys.state(id),
    (current) => {
      const next = change(current);
      if (next === undefined) return undefined;
      changed = true;
      return { ...next, version: (current?.version ?? 0) + 1 };
    },
    keepMs(access),
  );
  return { state, changed };
}

export async function addOpen(store: Store, id: string): Promise<void> {
  const key = id.toLowerCase();
  await store.update<string[]>(accessKeys.open, (ids) =>
    ids?.includes(key) ? undefined : [...(ids ?? []), key],
  );
}

export async function removeOpen(store: Store, id: string): Promise<void> {
  const key = id.toLowerCase();
  await store.update<string[]>(accessKeys.open, (ids) =>
    ids?.includes(key) ? ids.filter((i) => i !== key) : undefined,
  );
}

export async function openIds(store: Store): Promise<string[]> {
  return (await store.get<string[]>(accessKeys.open)) ?? [];
}

/** When the request started waiting: PM Cloud's creation time, else when Gatehouse first saw it. */
export function askedAt(state: AccessState): Date {
  return new Date(state.request.createdAt ?? state.firstSeenAt);
}

/** True once a pending request is older than the policy's `expire_after`. */
export function isExpired(state: AccessState, access: Policy['access'], now: Date): boolean {
  return now.getTime() - askedAt(state).getTime() >= access.expire_after * 1000;
}
