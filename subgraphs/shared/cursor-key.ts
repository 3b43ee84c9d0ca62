// The key cursors are sealed with (AES-256-GCM, see pagination.ts): CURSOR_KEY, 32 bytes in base64.
// Outside production a missing key is generated once into .data/cursor-key, so separately started
// processes (and every replica of a subgraph) agree; in production it must be configured, and a
// subgraph refuses to start without it rather than fail on its first page.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const KEY_BYTES = 32;
const DEV_KEY_PATH = '.data/cursor-key';

function decodeKey(base64: string, where: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${where} must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32), got ${key.length} bytes`);
  return key;
}

export function cursorKeyFromEnv(env: Record<string, string | undefined> = process.env, path = DEV_KEY_PATH): Buffer {
  if (env.CURSOR_KEY) return decodeKey(env.CURSOR_KEY, 'CURSOR_KEY');
  if (env.NODE_ENV === 'production') throw new Error('CURSOR_KEY must be configured in production (32 bytes in base64: openssl rand -base64 32)');
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    // 'wx': two processes starting at once must not overwrite each other's key.
    try {
      writeFileSync(path, randomBytes(KEY_BYTES).toString('base64'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return decodeKey(readFileSync(path, 'utf8'), path);
}

let processKey: Buffer | undefined;

/** This process's cursor key, read on first use. */
export function cursorKey(): Buffer {
  processKey ??= cursorKeyFromEnv();
  return processKey;
}
