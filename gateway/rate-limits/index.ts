// Rate limits per API key and brute-force protection per client address (README, "Limits,
// failures and operations"). Authentication and the request budget are checked while the gateway
// builds a request's context (gateway/context.ts); the cost budget once the operation's cost is
// estimated (gateway/limits/cost.ts), before planning.
export { DEFAULT_RATE_LIMITS, RATE_LIMIT_ENV_VARIABLES, rateLimitsFromEnv, resolveRateLimits, type RateLimitOverrides, type RateLimitSettings } from './config.js';
export { authenticateFrom, costWithinBudget, RATE_LIMITED, requestWithinBudget } from './guard.js';
export { createRateLimiter, type RateLimiter } from './limiter.js';
