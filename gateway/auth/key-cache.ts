// The API-key lookup, served from memory. Every request verifies a key; reading its row each time
// was about 13% of the gateway's CPU under load (BENCHMARKS.md). A cached row is safe only while
// this gateway hears every change to gateway.api_keys: a trigger (migration 0001) NOTIFYs the key's
// id on revocation (or any change that could end its validity) and every gateway LISTENs, so a
// revocation through any path (`npm run keys -- revoke`, SQL) reaches every replica within milliseconds (the
// notification follows the commit, so a request racing it may still pass once).
//
// Fail closed: while the LISTEN connection is down the cache is emptied and not used (every lookup
// reads the database), and it starts empty when the connection is back, since a revocation may have
// gone unheard in between. Positive results only, and each for at most ttlMs, as a backstop.
import { apiKeyCacheListening, apiKeyLookups } from '../../kit/observability/metrics.js';
import type { DB, Driver } from '../../kit/database/db.js';
import { listenForNotifications } from '../../kit/database/notifications.js';
import type { ApiKeyRow } from './db/schema.js';

export const KEY_CHANGES_CHANNEL = 'gateway_api_keys';
export const DEFAULT_KEY_CACHE_TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

export class ApiKeyCache {
  private readonly entries = new Map<string, { row: ApiKeyRow; expiresAt: number }>();
  private listening = false;
  /**
   * Bumped by every notification and every change of listening state. A row read from the database
   * is cached only if no bump happened while it was being read, so a lookup that raced a revocation
   * cannot put the pre-revocation row back.
   */
  private generation = 0;

  constructor(private readonly ttlMs: number) {}

  get active(): boolean {
    return this.listening && this.ttlMs > 0;
  }

  /** The cached row of key `id`, if the cache may answer and holds a fresh one. */
  get(id: string): ApiKeyRow | undefined {
    if (!this.active) return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.row;
  }

  /** Taken before reading a row from the database; pass it back to `remember`. */
  startRead(): number {
    return this.generation;
  }

  /** Caches an active key's row read since `startRead` returned `readStartedAt`. */
  remember(row: ApiKeyRow, readStartedAt: number): void {
    if (!this.active || row.revokedAt || readStartedAt !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(row.id, { row, expiresAt: Date.now() + this.ttlMs });
  }

  /** A notification: key `id` changed. */
  forget(id: string): void {
    this.generation++;
    this.entries.delete(id);
  }

  /** Hearing notifications (again): start empty, since some may have been missed. */
  listeningStarted(): void {
    this.generation++;
    this.entries.clear();
    this.listening = true;
    apiKeyCacheListening.set(1);
  }

  /** Not hearing notifications: answer nothing from memory until listeningStarted. */
  listeningStopped(): void {
    this.generation++;
    this.listening = false;
    this.entries.clear();
    apiKeyCacheListening.set(0);
  }
}

// verifyKey(db, key) finds the cache started for its database handle here, so the request path
// (gateway context -> authenticate -> verifyKey) needs no new argument.
const caches = new WeakMap<DB, ApiKeyCache>();

export const keyCacheFor = (db: DB): ApiKeyCache | undefined => caches.get(db);

/** Counts one verification by where its row came from. */
export const countLookup = (source: 'cache' | 'database') => apiKeyLookups.inc({ source });

/**
 * Starts the key cache for the gateway's database handle `db` over `driver`. TTL: ttlMs, else
 * GATEWAY_KEY_CACHE_TTL_MS, else 30 s; 0 turns the cache off (every request reads the row).
 */
export async function startApiKeyCache(driver: Driver, db: DB, ttlMs = Number(process.env.GATEWAY_KEY_CACHE_TTL_MS ?? DEFAULT_KEY_CACHE_TTL_MS)): Promise<{ cache: ApiKeyCache; stop(): Promise<void> }> {
  const cache = new ApiKeyCache(ttlMs);
  caches.set(db, cache);
  if (ttlMs <= 0) return { cache, stop: async () => {} };
  const listener = await listenForNotifications(driver, KEY_CHANGES_CHANNEL, {
    notified: (id) => cache.forget(id),
    up: () => cache.listeningStarted(),
    down: () => cache.listeningStopped(),
  });
  return {
    cache,
    async stop() {
      caches.delete(db);
      await listener.close();
    },
  };
}
