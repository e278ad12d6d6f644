import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Sealed values look like `v1.<iv>.<tag>.<ciphertext>` (base64url); the version names the scheme. */
const VERSION = 'v1';
const IV_BYTES = 12;

export interface SecretBox {
  /** AES-256-GCM with a fresh 96-bit IV; `context` is bound as associated data (e.g. the person). */
  seal(plain: string, context: string): string;
  /** Throws when the value was changed, sealed for another context, or sealed under another key. */
  open(sealed: string, context: string): string;
}

/**
 * Encryption at rest for what Gatehouse must keep but nobody may read from the store (TOTP secrets), with
 * node:crypto's AES-256-GCM: confidentiality and integrity, no hand-written crypto.
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('the secret box needs a 32-byte key');
  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
      return [VERSION, ...parts].join('.');
    },
    open(sealed, context) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined)
        throw new Error('not a sealed Gatehouse secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
