// The counters behind the rate limits, from rate-limiter-flexible (maintained, atomic in Redis
// through one Lua script per count, with the same API in memory): in this process's memory by
// default, in Redis when a URL is configured so every replica spends the same budgets. If Redis
// stops answering, each replica falls back to its own in-memory counters (the library's
// insuranceLimiter) rather than letting requests through unlimited or failing them.
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Caller, CallerKind } from '../../kit/identity/caller.js';
import { logEvent } from '../../kit/observability/log.js';
import type { RateLimitSettings } from './config.js';

/** What a counter says: allowed, or refused with how long to wait. */
export type Verdict = { allowed: true; consumed: number } | { allowed: false; consumed: number; retryAfterMs: number };

export interface RateLimiter {
  readonly settings: RateLimitSettings;
  /** Counts one authentication attempt from `address` (refunded by authenticated()). */
  attempt(address: string): Promise<Verdict>;
  /** The attempt from `address` authenticated: it does not count as a failure. */
  authenticated(address: string): Promise<void>;
  /** Counts one request against the caller's key. */
  request(caller: Caller): Promise<Verdict>;
  /** Counts an operation's estimated cost against the caller's key. */
  cost(caller: Caller, cost: number): Promise<Verdict>;
  /** 'memory' or 'redis', for the startup log line. */
  readonly store: 'memory' | 'redis';
  close(): Promise<void>;
}

const MINUTE = 60;
const budgetKind = (caller: Caller): CallerKind => (caller.kind === 'development' ? 'developer' : caller.kind);

async function count(limiter: RateLimiterAbstract, key: string, points: number): Promise<Verdict> {
  try {
    const res = await limiter.consume(key, points);
    return { allowed: true, consumed: res.consumedPoints };
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return { allowed: false, consumed: rejection.consumedPoints, retryAfterMs: rejection.msBeforeNext };
    throw rejection;
  }
}

/** Builds the counters; with a Redis URL, connects first so the first requests already share them. */
export async function createRateLimiter(settings: RateLimitSettings): Promise<RateLimiter> {
  let client: Redis | undefined;
  if (settings.redisUrl) {
    // No offline queue: while Redis is unreachable a count fails at once and the in-memory
    // insurance counter answers, instead of requests waiting on a reconnect.
    client = new Redis(settings.redisUrl, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    client.on('error', (error: Error) => logEvent('warn', 'rate limit store unavailable', { service: 'gateway', errorClass: error.name }));
    await client.connect();
  }
  const make = (name: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract => {
    const options = { keyPrefix: `${settings.keyPrefix}:${name}`, points, duration, blockDuration };
    if (!client) return new RateLimiterMemory(options);
    return new RateLimiterRedis({ ...options, storeClient: client, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(options) });
  };
  const { authFailures } = settings;
  // One point per attempt; going past lockoutFailures - 1 refuses the attempt and blocks the
  // address for lockoutSeconds.
  const attempts = make('auth', authFailures.lockoutFailures - 1, authFailures.windowSeconds, authFailures.lockoutSeconds);
  const perKind = (name: string, budgets: Record<CallerKind, number>) =>
    Object.fromEntries((Object.keys(budgets) as CallerKind[]).map((kind) => [kind, make(`${name}:${kind}`, budgets[kind], MINUTE)])) as Record<CallerKind, RateLimiterAbstract>;
  const requests = perKind('requests', settings.requestsPerMinute);
  const costs = perKind('cost', settings.costPerMinute);
  return {
    settings,
    store: client ? 'redis' : 'memory',
    attempt: (address) => count(attempts, address, 1),
    async authenticated(address) {
      await attempts.reward(address, 1);
    },
    request: (caller) => count(requests[budgetKind(caller)], caller.id, 1),
    cost: (caller, cost) => count(costs[budgetKind(caller)], caller.id, Math.max(1, cost)),
    async close() {
      if (client) await client.quit().catch(() => client!.disconnect());
    },
  };
}
