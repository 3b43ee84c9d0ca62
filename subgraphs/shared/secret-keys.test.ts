import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CURSOR_KEY, secretKeyFromEnv, WEBHOOK_SECRET_KEY } from './secret-keys.js';

describe('secret keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sg-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are required in production, each by its own variable', () => {
    for (const spec of [CURSOR_KEY, WEBHOOK_SECRET_KEY]) {
      expect(() => secretKeyFromEnv(spec, { NODE_ENV: 'production' }, join(dir, 'never'))).toThrow(new RegExp(`${spec.variable} must be configured in production`));
      const key = randomBytes(32);
      expect(secretKeyFromEnv(spec, { NODE_ENV: 'production', [spec.variable]: key.toString('base64') })).toEqual(key);
      expect(() => secretKeyFromEnv(spec, { [spec.variable]: randomBytes(16).toString('base64') })).toThrow(/32 bytes/);
    }
  });

  it('are generated once in development and read back the same by every process', () => {
    const path = join(dir, 'nested', 'webhook-secret-key');
    const first = secretKeyFromEnv(WEBHOOK_SECRET_KEY, {}, path);
    expect(first).toHaveLength(32);
    expect(secretKeyFromEnv(WEBHOOK_SECRET_KEY, {}, path)).toEqual(first);
    expect(Buffer.from(readFileSync(path, 'utf8'), 'base64')).toEqual(first);
  });
});
