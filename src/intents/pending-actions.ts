import { randomBytes } from 'node:crypto';
import type { Store } from '../store/store.ts';
import type { Actor, Conversation, MessageRef } from './envelope.ts';

/** Who may press the button that resolves a pending action. */
export type ConfirmRule =
  /** The person who asked (and only them). */
  | { mode: 'requester' }
  /** A different person holding `role`: the four-eyes rule. */
  | { mode: 'second'; role: string };

export interface PendingAction<P = Record<string, unknown>> {
  id: string;
  kind: string;
  requester: Actor;
  params: P;
  confirm: ConfirmRule;
  conversation: Conversation;
  createdAt: string;
  expiresAt: string;
  /** The card that shows it, once posted. */
  message?: MessageRef;
}

export interface Outcome {
  by: string;
  at: string;
  /** "confirmed", "cancelled", … */
  result: string;
}

export type ClaimOutcome<P> =
  | { status: 'claimed'; action: PendingAction<P> }
  | { status: 'unknown' }
  | { status: 'expired'; action: PendingAction<P> }
  | { status: 'handled'; action: PendingAction<P>; by: string; at: string; result?: string };

/** Pending actions are kept a day past their expiry so a late click hears "expired", not "unknown". */
const KEEP_AFTER_EXPIRY_MS = 86_400_000;

/**
 * Buttons carry only a pending action's id; everything it stands for lives here. A pending action is
 * single-use: `claim` lets exactly one click through across retries, double clicks and replicas.
 */
export function createPendingActions(store: Store, now: () => Date = () => new Date()) {
  const key = (id: string) => `pending:${id}`;

  return {
    async create<P>(
      input: Omit<PendingAction<P>, 'id' | 'createdAt' | 'expiresAt'> & { ttlSec: number },
    ): Promise<PendingAction<P>> {
      const { ttlSec, ...rest } = input;
      const created = now();
      const action: PendingAction<P> = {
        ...rest,
        id: randomBytes(12).toString('base64url'),
        createdAt: created.toISOString(),
        expiresAt: new Date(created.getTime() + ttlSec * 1000).toISOString(),
      };
      await store.set(key(action.id), action, ttlSec * 1000 + KEEP_AFTER_EXPIRY_MS);
      return action;
    },

    async get<P>(id: string): Promise<PendingAction<P> | undefined> {
      return store.get<PendingAction<P>>(key(id));
    },

    async attachMessage(id: string, message: MessageRef): Promise<void> {
      await store.update<PendingAction>(key(id), (a) => (a ? { ...a, message } : undefined));
    },

    /** Take the action for `by` (an actor label). Exactly one caller ever gets `claimed`. */
    async claim<P>(id: string, by: string): Promise<ClaimOutcome<P>> {
      const action = await store.get<PendingAction<P>>(key(id));
      if (!action) return { status: 'unknown' };
      const outcome = await store.get<Outcome>(`${key(id)}:outcome`);
      if (new Date(action.expiresAt) <= now() && !outcome) return { status: 'expired', action };
      const result = await store.claim(`${key(id)}:claim`, by, KEEP_AFTER_EXPIRY_MS * 2);
      if (result.won) return { status: 'claimed', action };
      return {
        status: 'handled',
        action,
        by: result.holder.owner,
        at: result.holder.at,
        ...(outcome ? { result: outcome.result } : {}),
      };
    },

    /** How a finished action ended, without claiming it; undefined while it is open or being handled. */
    async outcome(id: string): Promise<Outcome | undefined> {
      return store.get<Outcome>(`${key(id)}:outcome`);
    },

    /** Record how a claimed action ended, for later clicks to read. */
    async complete(id: string, outcome: Outcome): Promise<void> {
      await store.set(`${key(id)}:outcome`, outcome, KEEP_AFTER_EXPIRY_MS * 2);
    },
  };
}

export type PendingActions = ReturnType<typeof createPendingActions>;
