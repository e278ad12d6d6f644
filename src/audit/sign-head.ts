import { createPoller, type Poller } from '../intents/poller.ts';
import type { Logger } from '../log.ts';
import type { Store } from '../store/store.ts';
import { type ChainHead, checkpointKey, HEAD_KEY } from './audit-keys.ts';
import type { CheckpointSigner } from './checkpoint.ts';

/**
 * Sign the head when its newest entry is not signed yet, so entries recorded before a quiet spell do not stay
 * unsigned until the next one. The checkpoint carries its entry's time and expires with it.
 */
export async function signHead(store: Store, signer: CheckpointSigner, ttlMs: number, now: () => Date) {
  let signed: ChainHead | undefined;
  await store.update<ChainHead>(HEAD_KEY, (head) => {
    if (!head || head.checkpoint?.seq === head.seq) return undefined;
    const prev = head.checkpoint ? { prev: head.checkpoint.seq } : {};
    signed = {
      ...head,
      checkpoint: signer.sign({ seq: head.seq, hash: head.hash, at: head.entry.at, ...prev }),
    };
    return signed;
  });
  const cp = signed?.checkpoint;
  if (!cp) return false;
  const left = Date.parse(cp.at) + ttlMs - now().getTime();
  if (left > 0) await store.set(checkpointKey(cp.seq), cp, left);
  return true;
}

/** Signs an unsigned head every `intervalMs`, on one replica at a time (a store lease). */
export function createHeadSigner(options: {
  store: Store;
  signer: CheckpointSigner;
  ttlMs: number;
  intervalMs: number;
  log: Logger;
  now?: () => Date;
}): Poller {
  const now = options.now ?? (() => new Date());
  return createPoller({
    name: 'audit-sign',
    store: options.store,
    intervalMs: options.intervalMs,
    log: options.log,
    tick: async () => {
      await signHead(options.store, options.signer, options.ttlMs, now);
    },
  });
}
