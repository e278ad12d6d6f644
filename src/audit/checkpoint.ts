import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import canonicalize from 'canonicalize';

/**
 * A signed statement "the chain's entry #seq had hash H at time T". Checkpoints are linked (`prev` names the
 * seq of the one before), so a verifier walks them from the newest, kept in the chain head.
 */
export interface Checkpoint {
  seq: number;
  hash: string;
  at: string;
  /** Which key signed it: the first 16 hex characters of SHA-256 over the derived signing key. */
  kid: string;
  prev?: number;
  /** HMAC-SHA256 over the canonical form of every other field, hex. */
  mac: string;
}

export interface CheckpointSigner {
  kid: string;
  sign(fields: Omit<Checkpoint, 'kid' | 'mac'>): Checkpoint;
  /** 'ok', 'bad' (forged or changed), or 'other-key' (signed under a key this one is not). */
  check(checkpoint: Checkpoint): 'ok' | 'bad' | 'other-key';
}

/**
 * The checkpoint key is derived from GATEHOUSE_SECRET_KEY with HKDF-SHA256, so the same secret can serve other
 * purposes (step-up's encryption at rest) without one use weakening another.
 */
export function createCheckpointSigner(secretKey: Buffer): CheckpointSigner {
  const key = Buffer.from(
    hkdfSync('sha256', secretKey, Buffer.alloc(0), 'gatehouse audit checkpoint v1', 32),
  );
  const kid = createHash('sha256').update(key).digest('hex').slice(0, 16);
  const macOf = (fields: Omit<Checkpoint, 'mac'>) =>
    createHmac('sha256', key)
      .update(canonicalize(fields) ?? '', 'utf8')
      .digest('hex');
  return {
    kid,
    sign(fields) {
      const unsigned = { ...fields, kid };
      return { ...unsigned, mac: macOf(unsigned) };
    },
    check(checkpoint) {
      if (checkpoint.kid !== kid) return 'other-key';
      const { mac, ...fields } = checkpoint;
      const expected = Buffer.from(macOf(fields), 'hex');
      const given = Buffer.from(typeof mac === 'string' ? mac : '', 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'bad';
    },
  };
}
