// The key cache's rules, on the class itself: it answers only while it hears revocations, forgets
// everything when it stops hearing them and starts empty when it hears again, never keeps a revoked
// row, and never caches a row whose read raced a notification.
import { describe, expect, it } from 'vitest';
import type { ApiKeyRow } from './db/schema.js';
import { ApiKeyCache } from './key-cache.js';

const row = (id: string, revokedAt: Date | null = null): ApiKeyRow => ({
  id, name: 'k', kind: 'staff', scopes: [], organizationId: null, secretHash: Buffer.alloc(32), createdAt: new Date(), revokedAt, lastUsedAt: null,
});

function listeningCache(ttlMs = 30_000) {
  const cache = new ApiKeyCache(ttlMs);
  cache.listeningStarted();
  return cache;
}

describe('ApiKeyCache', () => {
  it('answers a remembered row while listening', () => {
    const cache = listeningCache();
    cache.remember(row('a'), cache.startRead());
    expect(cache.get('a')?.id).toBe('a');
  });

  it('answers nothing before listening starts, and remembers nothing then', () => {
    const cache = new ApiKeyCache(30_000);
    cache.remember(row('a'), cache.startRead());
    cache.listeningStarted();
    expect(cache.get('a')).toBeUndefined();
  });

  it('fails closed when listening stops: empties, answers nothing, and starts empty when back', () => {
    const cache = listeningCache();
    cache.remember(row('a'), cache.startRead());
    cache.listeningStopped();
    expect(cache.get('a')).toBeUndefined();
    cache.remember(row('b'), cache.startRead());
    expect(cache.get('b')).toBeUndefined();
    cache.listeningStarted();
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets a key it is notified about, and only that key', () => {
    const cache = listeningCache();
    cache.remember(row('a'), cache.startRead());
    cache.remember(row('b'), cache.startRead());
    cache.forget('a');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')?.id).toBe('b');
  });

  it('does not keep a row read while a notification arrived (the read may predate the revocation)', () => {
    const cache = listeningCache();
    const readStartedAt = cache.startRead();
    cache.forget('a');
    cache.remember(row('a'), readStartedAt);
    expect(cache.get('a')).toBeUndefined();
  });

  it('never keeps a revoked row, and lets rows expire after the TTL', async () => {
    const cache = listeningCache(20);
    cache.remember(row('r', new Date()), cache.startRead());
    expect(cache.get('r')).toBeUndefined();
    cache.remember(row('a'), cache.startRead());
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(cache.get('a')).toBeUndefined();
  });

  it('is off with a TTL of 0', () => {
    const cache = listeningCache(0);
    cache.remember(row('a'), cache.startRead());
    expect(cache.get('a')).toBeUndefined();
  });
});
