// Request limits, all enforced before the gateway plans an operation, each refused with its own
// code (see errors.ts) and a message that states the limit and what the request had.
//
// Why these libraries rather than our own visitors:
// - GraphQL Armor (Escape) is maintained, and its rules are exactly the depth, alias, directive and
//   token limits we want. The first three run as graphql-js validation rules, so they reject in
//   the validation step; the token limit runs inside parsing, so an oversized document is never
//   parsed whole. We use the rule packages it is built from (pinned by @escape.tech/graphql-armor)
//   because its Apollo wrapper reports every rejection as BAD_USER_INPUT and turns plain syntax
//   errors into validation errors.
// - graphql-query-complexity is maintained and lets the cost depend on arguments: Armor's cost
//   limit ignores them, so it cannot see that `first: 100` under `first: 100` is 10,000 rows. It
//   needs the request's variables, so it runs when the operation is resolved (didResolveOperation),
//   still before planning.
// - Body size is refused by our HTTP binding (kit/http/http-server.ts) before the body is
//   parsed; batching by BatchLimitedApolloServer before Apollo sees the batch.
// - Page size (`first` at most 100) stays the subgraphs' own rule (parsePage), whose BAD_USER_INPUT
//   message names the maximum and reaches the client as it is; the cost counts a page as at most 100.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { RequestLimits } from './config.js';
import { costLimit, type CostLimitOptions } from './cost.js';
import { refuseSubscriptions } from './operation-kind.js';
import { requireResolvableOperation } from './operation-name.js';
import { refuseNulCharacters } from '../../kit/graphql/input-strings.js';
import { shapeLimitRules } from './shape-rules.js';
import { tokenLimit } from './tokens.js';

export { BatchLimitedApolloServer } from './batching.js';
export { DEFAULT_LIMITS, LIMIT_ENV_VARIABLES, limitsFromEnv, resolveLimits, type RequestLimits } from './config.js';
export { COST_ESTIMATION_FAILED, estimateCost, type CostEstimator } from './cost.js';

/** What ApolloServer needs to enforce `limits` (the body size is the HTTP listener's), and to refuse
 * before planning what it cannot plan: an operation it cannot pick out of the document, a
 * subscription, a string holding U+0000. */
export function requestLimits<C extends BaseContext>(limits: RequestLimits, cost: CostLimitOptions<C> = {}): { plugins: ApolloServerPlugin<C>[]; validationRules: ValidationRule[] } {
  return {
    plugins: [tokenLimit<C>(limits.tokens), requireResolvableOperation<C>(), refuseSubscriptions<C>(), refuseNulCharacters<C>(), costLimit<C>(limits.cost, cost)],
    validationRules: shapeLimitRules(limits),
  };
}
