import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSecret } from './signing.js';
import { isSealed, openSecret, sealSecret } from './secret-box.js';

describe('webhook secrets at rest', () => {
  const key = randomBytes(32);

  it('seal to a value that does not contain the secret, and open back to it', () => {
    const secret = newSecret();
    const stored = sealSecret(secret, key);
    expect(isSealed(stored)).toBe(true);
    expect(stored).not.toContain(secret.slice('whsec_'.length, 'whsec_'.length + 12));
    expect(openSecret(stored, key)).toBe(secret);
    // A fresh nonce each time: the same secret never seals to the same text twice.
    expect(sealSecret(secret, key)).not.toBe(stored);
  });

  it('refuse a plain secret, another key, and an altered seal', () => {
    const stored = sealSecret(newSecret(), key);
    expect(() => openSecret(newSecret(), key)).toThrow(/not sealed/);
    expect(() => openSecret(stored, randomBytes(32))).toThrow();
    const bytes = Buffer.from(stored.slice('sealed:v1:'.length), 'base64');
    bytes[20] = bytes[20]! ^ 1;
    expect(() => openSecret(`sealed:v1:${bytes.toString('base64')}`, key)).toThrow();
  });
});
