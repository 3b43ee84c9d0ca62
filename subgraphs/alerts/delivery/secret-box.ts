// Webhook signing secrets at rest. A signing secret cannot be hashed (the worker needs it to sign),
// so it is kept sealed with AES-256-GCM under WEBHOOK_SECRET_KEY (shared/secret-keys.ts): a copy of
// the database, a backup or a log of it, holds no secret that can sign. `sealed:v1:` + base64 of
// nonce (12 bytes) | ciphertext | tag (16 bytes).
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { secretKey, WEBHOOK_SECRET_KEY } from '../../shared/secret-keys.js';

const PREFIX = 'sealed:v1:';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export const isSealed = (stored: string) => stored.startsWith(PREFIX);

export function sealSecret(secret: string, key: Buffer = secretKey(WEBHOOK_SECRET_KEY)): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const sealed = Buffer.concat([nonce, cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return PREFIX + sealed.toString('base64');
}

/** The secret a stored value seals; throws on anything else (a plain secret, another key's seal, an altered one). */
export function openSecret(stored: string, key: Buffer = secretKey(WEBHOOK_SECRET_KEY)): string {
  if (!isSealed(stored)) throw new Error('webhook secret is not sealed');
  const sealed = Buffer.from(stored.slice(PREFIX.length), 'base64');
  if (sealed.length <= NONCE_BYTES + TAG_BYTES) throw new Error('webhook secret is malformed');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}
