// The symmetric keys a subgraph seals things with (AES-256-GCM), each 32 bytes in base64 from its
// own variable: CURSOR_KEY for cursors (pagination.ts), WEBHOOK_SECRET_KEY for the webhook signing
// secrets alerts keeps (alerts/delivery/secret-box.ts). Outside production a missing key is generated
// once into .data/<name>, so separately started processes (and every replica of a subgraph) agree;
// in production it must be configured, and a subgraph refuses to start without it rather than fail
// on first use.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const KEY_BYTES = 32;

export interface SecretKeySpec {
  /** The environment variable holding it. */
  variable: string;
  /** Where a development key is kept. */
  devPath: string;
}

export const CURSOR_KEY: SecretKeySpec = { variable: 'CURSOR_KEY', devPath: '.data/cursor-key' };
export const WEBHOOK_SECRET_KEY: SecretKeySpec = { variable: 'WEBHOOK_SECRET_KEY', devPath: '.data/webhook-secret-key' };

function decodeKey(base64: string, where: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${where} must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32), got ${key.length} bytes`);
  return key;
}

export function secretKeyFromEnv(spec: SecretKeySpec, env: Record<string, string | undefined> = process.env, path = spec.devPath): Buffer {
  const configured = env[spec.variable];
  if (configured) return decodeKey(configured, spec.variable);
  if (env.NODE_ENV === 'production') throw new Error(`${spec.variable} must be configured in production (32 bytes in base64: openssl rand -base64 32)`);
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    // Written aside, then linked into place: two processes starting at once never overwrite each
    // other's key, and neither ever reads a key file half written.
    const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, randomBytes(KEY_BYTES).toString('base64'), { mode: 0o600 });
    try {
      linkSync(aside, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(aside);
    }
  }
  return decodeKey(readFileSync(path, 'utf8'), path);
}

const processKeys = new Map<string, Buffer>();

/** This process's key for `spec`, read on first use. */
export function secretKey(spec: SecretKeySpec): Buffer {
  let key = processKeys.get(spec.variable);
  if (!key) processKeys.set(spec.variable, (key = secretKeyFromEnv(spec)));
  return key;
}

/** This process's cursor key. */
export const cursorKey = () => secretKey(CURSOR_KEY);
