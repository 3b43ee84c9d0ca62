// Rate limits and brute-force protection: the budgets, their defaults, and the environment
// variables that override them (read by gateway/index.ts and npm start).
//
// The defaults are meant never to touch a legitimate client (the benchmarks peak near 200 requests
// a second on one staff key; the test suite's busiest file sends ~3,000 requests in half a minute)
// while still stopping a runaway script or a key-guessing loop. Partners, outside callers with the
// narrowest need, get the tightest budgets.
import type { CallerKind } from '../../kit/identity/caller.js';

export interface AuthFailureLimits {
  /** Failed authentications an address may make in the window before its answers slow down. */
  freeFailures: number;
  /** Added to each further failure's answer, up to maxDelayMs. */
  delayStepMs: number;
  maxDelayMs: number;
  /** Failures in the window that lock the address out (429 for every request, valid key or not). */
  lockoutFailures: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

export interface RateLimitSettings {
  /** Requests per minute, per API key, by key kind. */
  requestsPerMinute: Record<CallerKind, number>;
  /** Estimated cost (gateway/limits/cost.ts) per minute, per API key, by key kind. */
  costPerMinute: Record<CallerKind, number>;
  authFailures: AuthFailureLimits;
  /** Counters in Redis, shared by every replica, when set; otherwise in this process's memory. */
  redisUrl?: string;
  /** Prefix of every Redis key, so several deployments (or test files) can share one Redis. */
  keyPrefix: string;
}

export const DEFAULT_RATE_LIMITS: Readonly<RateLimitSettings> = {
  requestsPerMinute: { staff: 30_000, developer: 6_000, partner: 1_200 },
  costPerMinute: { staff: 10_000_000, developer: 2_000_000, partner: 500_000 },
  authFailures: { freeFailures: 10, delayStepMs: 100, maxDelayMs: 1_000, lockoutFailures: 50, windowSeconds: 900, lockoutSeconds: 900 },
  keyPrefix: 'gateway-rate',
};

const KINDS: CallerKind[] = ['staff', 'developer', 'partner'];
const AUTH_VARIABLES: Record<keyof AuthFailureLimits, string> = {
  freeFailures: 'GATEWAY_RATE_AUTH_FREE_FAILURES',
  delayStepMs: 'GATEWAY_RATE_AUTH_DELAY_STEP_MS',
  maxDelayMs: 'GATEWAY_RATE_AUTH_MAX_DELAY_MS',
  lockoutFailures: 'GATEWAY_RATE_AUTH_LOCKOUT_FAILURES',
  windowSeconds: 'GATEWAY_RATE_AUTH_WINDOW_SECONDS',
  lockoutSeconds: 'GATEWAY_RATE_AUTH_LOCKOUT_SECONDS',
};

/** Every variable read, for the README and error messages. */
export const RATE_LIMIT_ENV_VARIABLES = [
  ...KINDS.flatMap((kind) => [`GATEWAY_RATE_${kind.toUpperCase()}_REQUESTS`, `GATEWAY_RATE_${kind.toUpperCase()}_COST`]),
  ...Object.values(AUTH_VARIABLES),
  'GATEWAY_RATE_REDIS_PREFIX',
  'REDIS_URL',
];

function wholeNumber(env: Record<string, string | undefined>, variable: string): number | undefined {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${variable} must be a whole number of at least 1, got "${raw}"`);
  return value;
}

/** The settings in `env` on top of the defaults; a malformed value stops the gateway at startup. */
export function rateLimitsFromEnv(env: Record<string, string | undefined>): RateLimitSettings {
  const perKind = (suffix: string, defaults: Record<CallerKind, number>) =>
    Object.fromEntries(KINDS.map((kind) => [kind, wholeNumber(env, `GATEWAY_RATE_${kind.toUpperCase()}_${suffix}`) ?? defaults[kind]])) as Record<CallerKind, number>;
  const authFailures = Object.fromEntries(
    (Object.entries(AUTH_VARIABLES) as [keyof AuthFailureLimits, string][]).map(([name, variable]) => [name, wholeNumber(env, variable) ?? DEFAULT_RATE_LIMITS.authFailures[name]]),
  ) as unknown as AuthFailureLimits;
  return {
    requestsPerMinute: perKind('REQUESTS', DEFAULT_RATE_LIMITS.requestsPerMinute),
    costPerMinute: perKind('COST', DEFAULT_RATE_LIMITS.costPerMinute),
    authFailures,
    redisUrl: env.REDIS_URL || undefined,
    keyPrefix: env.GATEWAY_RATE_REDIS_PREFIX || DEFAULT_RATE_LIMITS.keyPrefix,
  };
}

/** Settings given in part (tests, npm start), the rest from the defaults. */
export interface RateLimitOverrides {
  requestsPerMinute?: Partial<Record<CallerKind, number>>;
  costPerMinute?: Partial<Record<CallerKind, number>>;
  authFailures?: Partial<AuthFailureLimits>;
  redisUrl?: string;
  keyPrefix?: string;
}

export function resolveRateLimits(overrides: RateLimitOverrides = {}): RateLimitSettings {
  return {
    requestsPerMinute: { ...DEFAULT_RATE_LIMITS.requestsPerMinute, ...overrides.requestsPerMinute },
    costPerMinute: { ...DEFAULT_RATE_LIMITS.costPerMinute, ...overrides.costPerMinute },
    authFailures: { ...DEFAULT_RATE_LIMITS.authFailures, ...overrides.authFailures },
    redisUrl: overrides.redisUrl,
    keyPrefix: overrides.keyPrefix ?? DEFAULT_RATE_LIMITS.keyPrefix,
  };
}
