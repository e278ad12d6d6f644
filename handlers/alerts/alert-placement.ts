import type { Actor, ChannelTarget, Conversation } from '../../src/intents/envelope.ts';
import type { PendingActions } from '../../src/intents/pending-actions.ts';
import type { Logger } from '../../src/log.ts';
import type { PolicyEngine } from '../../src/policy/policy-engine.ts';
import type { AlertRoute } from '../../src/policy/policy-schema.ts';
import type { Store } from '../../src/store/store.ts';
import type { AlertCards } from './alert-cards.ts';
import type { AlertPacing } from './alert-pacing.ts';
import { type AlertSubscriptions, targetsOfRoutes } from './alert-routing.ts';
import type { AlertRecord, ButtonRefs, DigestRecord, Placement } from './alert-types.ts';
import { digestKey, recordKey } from './alert-types.ts';
import { createGroupCommit } from './group-commit.ts';

/** Alert buttons stay usable this long; a click after that hears "expired". */
export const BUTTON_TTL_SEC = 30 * 86_400;
const DIGEST_TTL_MS = 30 * 86_400_000;

/** Who "asks" for alert buttons: Gatehouse itself; the responder role decides who may press them. */
export const ALERTS_ACTOR: Actor = { platform: 'console', userId: 'gatehouse', name: 'Gatehouse' };
const ALERTS_CONVERSATION: Conversation = { platform: 'console', id: 'alerts' };

export type ButtonKind = 'ack' | 'resolve' | 'mute' | 'run';
export interface ButtonParams {
  key: string;
  epoch: number;
  action?: NonNullable<AlertRoute['action']>;
}

/**
 * Where an occurrence goes: its routes' channels (policy plus subscriptions), each as its own card while the
 * channel is calm, or into the channel's digest once more than `burst` new cards reached it in one window.
 * Storm counts and digests live in the store, so replicas agree on which card or digest holds what.
 */
export function createAlertPlacement(deps: {
  store: Store;
  pending: PendingActions;
  policy: PolicyEngine;
  subscriptions: AlertSubscriptions;
  cards: AlertCards;
  pacing: AlertPacing;
  now: () => Date;
  log: Logger;
}) {
  const { store, pending, cards, pacing } = deps;

  /** Position of each new card in its channel's window: 1, 2, … (grouped writes, exact positions). */
  const storm = createGroupCommit<null, number>(async (key, items) => {
    const window = Number(key.slice(key.lastIndexOf(':') + 1));
    const after = await store.update<{ window: number; n: number }>(
      key.slice(0, key.lastIndexOf(':')),
      (cur) => ({ window, n: (cur?.window === window ? cur.n : 0) + items.length }),
      pacing.windowMs * 2,
    );
    return items.map((_, i) => after!.n - items.length + 1 + i);
  });

  /** Members join a digest in grouped writes; the write that creates it says so, and that caller posts it. */
  const digestJoin = createGroupCommit<{ member: string; target: ChannelTarget }, boolean>(
    async (id, items) => {
      let created = false;
      await store.update<DigestRecord>(
        digestKey(id),
        (cur) => {
          const base = cur ?? {
            id,
            platform: items[0]!.target.platform,
            channel: items[0]!.target.channel,
            since: deps.now().toISOString(),
            members: [],
          };
          created = !cur;
          const fresh = items.map((i) => i.member).filter((m) => !base.members.includes(m));
          return fresh.length || created ? { ...base, members: [...base.members, ...fresh] } : undefined;
        },
        DIGEST_TTL_MS,
      );
      return items.map((_, i) => created && i === 0);
    },
  );

  async function createButton(kind: ButtonKind, params: ButtonParams): Promise<string> {
    const action = await pending.create<ButtonParams>({
      kind: `alert.${kind}`,
      requester: ALERTS_ACTOR,
      params,
      confirm: { mode: 'second', role: deps.policy.policy.alerts.responder_role },
      conversation: ALERTS_CONVERSATION,
      ttlSec: BUTTON_TTL_SEC,
    });
    return action.id;
  }

  async function createButtons(record: AlertRecord, routes: AlertRoute[]): Promise<ButtonRefs> {
    const base = { key: record.key, epoch: record.epoch };
    const actions = routes.flatMap((r) => (r.action ? [r.action] : []));
    const unique = actions.filter((a, i) => actions.findIndex((b) => b.name === a.name) === i);
    return {
      ack: await createButton('ack', base),
      resolve: await createButton('resolve', base),
      mute: await createButton('mute', base),
      run: await Promise.all(
        unique.map(async (action) => ({
          name: action.name,
          ref: await createButton('run', { ...base, action }),
        })),
      ),
    };
  }

  return {
    createButton,

    /** Place an occurrence this replica claimed (`placing`), then queue its cards and digest lines. */
    async place(record: AlertRecord): Promise<void> {
      const routes = deps.policy.policy.alerts.routes.filter((r) => record.routes.includes(r.name));
      const targets = targetsOfRoutes(routes, await deps.subscriptions.read());
      const buttons = await createButtons(record, routes);
      const window = Math.floor(deps.now().getTime() / pacing.windowMs);
      const placements: Placement[] = await Promise.all(
        targets.map(async (t) => {
          const base = `alerts:storm:${t.platform}:${t.channel}`;
          const position = await storm.add(`${base}:${window}`, null);
          return position <= pacing.burst
            ? { platform: t.platform, channel: t.channel }
            : { platform: t.platform, channel: t.channel, digest: `${t.platform}:${t.channel}:${window}` };
        }),
      );
      const placed = await store.update<AlertRecord>(recordKey(record.key), (cur) => {
        if (cur?.epoch !== record.epoch) return undefined;
        const { placing: _done, ...rest } = cur;
        return { ...rest, placements, buttons };
      });
      if (placed?.epoch !== record.epoch || !placed.placements) {
        deps.log.warn({ key: record.key }, 'alert changed while it was being placed; not posting it');
        return;
      }
      for (const p of placements) {
        if (!p.digest) {
          cards.postCard(p, record.key, record.epoch);
          continue;
        }
        const created = await digestJoin.add(p.digest, {
          member: `${record.key}#${record.epoch}`,
          target: p,
        });
        if (created) cards.postDigest(p, p.digest);
        else cards.refresh({ ...placed, placements: [p] });
      }
    },
  };
}

export type AlertPlacement = ReturnType<typeof createAlertPlacement>;
