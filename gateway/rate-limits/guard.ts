// Where the counters are checked, and the 429 every one of them refuses with: code RATE_LIMITED and
// a Retry-After header saying when the budget (or the lockout) ends.
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLError } from 'graphql';
import type { Caller } from '../../kit/identity/caller.js';
import type { RateLimiter } from './limiter.js';

export const RATE_LIMITED = 'RATE_LIMITED';

export function rateLimited(message: string, retryAfterMs: number): GraphQLError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new GraphQLError(`${message} Retry after ${seconds} s.`, {
    extensions: { code: RATE_LIMITED, http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) } },
  });
}

const isUnauthenticated = (error: unknown) => error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED';

/**
 * Authenticates within the address's budget of failures. Every attempt is counted before the key is
 * looked up and refunded once it proves valid, so a burst of guesses sent all at once is counted as
 * it arrives, not after its lookups finish. Past freeFailures each failure is answered more slowly;
 * at lockoutFailures the address gets 429 for lockoutSeconds, whatever key it sends.
 */
export async function authenticateFrom(limiter: RateLimiter, address: string, authenticate: () => Promise<Caller>): Promise<Caller> {
  const { authFailures } = limiter.settings;
  const attempt = await limiter.attempt(address);
  if (!attempt.allowed) throw rateLimited('Too many failed authentications from this address.', attempt.retryAfterMs);
  try {
    const caller = await authenticate();
    await limiter.authenticated(address);
    return caller;
  } catch (error) {
    if (!isUnauthenticated(error)) {
      await limiter.authenticated(address); // not the key's fault (the database, say): not a failure
      throw error;
    }
    const over = attempt.consumed - authFailures.freeFailures;
    if (over > 0) await sleep(Math.min(over * authFailures.delayStepMs, authFailures.maxDelayMs));
    throw error;
  }
}

/** Counts one request against the key's budget for its kind. */
export async function requestWithinBudget(limiter: RateLimiter, caller: Caller): Promise<void> {
  const verdict = await limiter.request(caller);
  if (!verdict.allowed) {
    const kind = caller.kind === 'development' ? 'developer' : caller.kind;
    throw rateLimited(`This API key has used its budget of ${limiter.settings.requestsPerMinute[kind]} requests per minute (${kind} keys).`, verdict.retryAfterMs);
  }
}

/** Counts an operation's estimated cost against the key's budget for its kind. */
export async function costWithinBudget(limiter: RateLimiter, caller: Caller, cost: number): Promise<void> {
  const verdict = await limiter.cost(caller, cost);
  if (!verdict.allowed) {
    const kind = caller.kind === 'development' ? 'developer' : caller.kind;
    throw rateLimited(`This API key has used its budget of ${limiter.settings.costPerMinute[kind]} estimated cost per minute (${kind} keys); this operation costs ${cost}.`, verdict.retryAfterMs);
  }
}
