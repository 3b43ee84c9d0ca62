// API keys: `sgk_<id>_<secret>`. The id finds the row; the secret is 32 random bytes, shown once,
// stored only as its SHA-256 (a fast hash is right for a high-entropy secret: nothing to brute-force),
// and compared in constant time. The row comes from the gateway's key cache when it holds it
// (key-cache.ts: a revocation empties that entry in every gateway within milliseconds), else from the database.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Caller, CallerKind, Scope } from '../../kit/identity/caller.js';
import type { DB } from '../../kit/database/db.js';
import { apiKeys, type ApiKeyRow } from './db/schema.js';
import { countLookup, keyCacheFor } from './key-cache.js';
import { scopesFor } from './scopes.js';

const KEY_PATTERN = /^sgk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
/** Last-use times are kept to the minute, so a busy key costs one write a minute, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;
const LAST_USED_RESOLUTION = sql`interval '1 minute'`;

const sha256 = (secret: string) => createHash('sha256').update(secret).digest();

export interface NewKey {
  name: string;
  kind: CallerKind;
  scopes?: readonly Scope[];
  organizationId?: string | null;
}

/** Issues a key. Returns the full key string: the only time it exists outside the caller's hands. */
export async function createKey(db: DB, input: NewKey): Promise<{ id: string; key: string; scopes: Scope[] }> {
  const scopes = scopesFor(input.kind, input.scopes, input.organizationId ?? null);
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await db.insert(apiKeys).values({
    id,
    name: input.name,
    kind: input.kind,
    scopes,
    organizationId: input.organizationId ?? null,
    secretHash: sha256(secret),
  });
  return { id, key: `sgk_${id}_${secret}`, scopes };
}

export function listKeys(db: DB) {
  return db
    .select({ id: apiKeys.id, name: apiKeys.name, kind: apiKeys.kind, scopes: apiKeys.scopes, organizationId: apiKeys.organizationId, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id));
}

/** Revokes a key by id; true if it was active. */
export async function revokeKey(db: DB, id: string): Promise<boolean> {
  const rows = await db.update(apiKeys).set({ revokedAt: new Date() }).where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
  return rows.length > 0;
}

// Every request runs this lookup: prepared once per database handle, so drizzle does not rebuild the
// SQL and Postgres does not re-plan it on each call (a named statement per connection).
const preparedLookups = new WeakMap<DB, ReturnType<typeof prepareKeyById>>();
const prepareKeyById = (db: DB) => db.select().from(apiKeys).where(eq(apiKeys.id, sql.placeholder('id'))).prepare('gateway_api_key_by_id');
function keyById(db: DB) {
  let prepared = preparedLookups.get(db);
  if (!prepared) preparedLookups.set(db, (prepared = prepareKeyById(db)));
  return prepared;
}

/** The caller a presented key stands for, or null if it is malformed, unknown, wrong or revoked. */
export async function verifyKey(db: DB, presented: string): Promise<Caller | null> {
  const match = KEY_PATTERN.exec(presented);
  if (!match) return null;
  const [, id, secret] = match as unknown as [string, string, string];
  const row = await keyRow(db, id);
  // Hash and compare even for an unknown id, so timing does not tell which ids exist.
  const expected = row?.secretHash ?? Buffer.alloc(32);
  const matches = timingSafeEqual(sha256(secret), expected) && row !== undefined;
  if (!matches || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Noted on the (possibly cached) row too, so a cached key is touched once a minute, not per request.
    row.lastUsedAt = new Date();
    void touch(db, row);
  }
  return { kind: row.kind, id: row.id, scopes: new Set(row.scopes as Scope[]), organizationId: row.organizationId };
}

async function keyRow(db: DB, id: string): Promise<ApiKeyRow | undefined> {
  const cache = keyCacheFor(db);
  const cached = cache?.get(id);
  if (cached) {
    countLookup('cache');
    return cached;
  }
  const readStartedAt = cache?.startRead() ?? 0;
  const [row] = await keyById(db).execute({ id });
  countLookup('database');
  if (row) cache?.remember(row, readStartedAt);
  return row;
}

// Fire and forget: recording last use must never slow or fail the request it belongs to.
async function touch(db: DB, row: ApiKeyRow): Promise<void> {
  try {
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(apiKeys.id, row.id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - ${LAST_USED_RESOLUTION}`))));
  } catch {
    // The next use records it.
  }
}
