// Estimated cost, checked once the operation is known and before the gateway plans it. The cost is
// what the subgraphs would be asked to produce: one per field, and a connection's children once per
// row it may return, so nested pages multiply (100 people x 100 check-ins each is 10,000 check-ins,
// however few fields are selected).
// Page size itself stays the subgraphs' rule (parsePage: BAD_USER_INPUT, "between 1 and 100, got
// 500"), which reaches the client unchanged; the estimate counts a page as at most that maximum, so
// an oversized page is answered with that message rather than as a cost.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { MAX_PAGE_SIZE } from '../../kit/graphql/page-size.js';
import { logEvent } from '../../kit/observability/log.js';
import { LIMIT_CODES, LimitExceededError } from './errors.js';

const PAGE_ARGUMENT = 'first';
/**
 * getComplexity stops after this many field selections (fragments expanded), so a fragment spread
 * many times over, by fragments spread many times over, cannot make the estimate itself expensive.
 */
const MAX_EXPANDED_FIELDS = 10_000;

/**
 * Rows a connection field may return: its `first` (from the request, or the SDL default when
 * omitted or null, as the subgraphs' parsePage reads it), within 0..MAX_PAGE_SIZE; undefined for a
 * field that is not paged.
 */
function pageSize(field: Parameters<ComplexityEstimator>[0]['field'], args: Record<string, unknown>): number | undefined {
  const argument = field.args.find((a) => a.name === PAGE_ARGUMENT);
  if (!argument) return undefined;
  const given = args[PAGE_ARGUMENT];
  const size = typeof given === 'number' ? given : typeof argument.defaultValue === 'number' ? argument.defaultValue : MAX_PAGE_SIZE;
  return Math.min(Math.max(size, 0), MAX_PAGE_SIZE);
}

/**
 * The operation's estimated cost under `variables`. Plain lists (a person's handful of cases) cost
 * one per field like any other: only connections, paged by `first`, multiply.
 * Throws a GraphQLError when the variables do not fit the operation.
 */
export function estimateCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName?: string): number {
  const estimator: ComplexityEstimator = ({ field, args, childComplexity }) => 1 + (pageSize(field, args) ?? 1) * childComplexity;
  return getComplexity({ schema, query: document, variables, operationName, estimators: [estimator], maxQueryNodes: MAX_EXPANDED_FIELDS });
}

/**
 * Costs already estimated, per document: Apollo hands the same DocumentNode for the same query text,
 * and only variables that can reach a `first` argument (numbers, or null for its default) or an
 * @skip/@include condition (booleans) can change the estimate. So the dashboard's cost is computed
 * once, not on every request (a quarter of a millisecond of graph walking each time, BENCHMARKS.md).
 */
const knownCosts = new WeakMap<DocumentNode, Map<string, number>>();
/** Distinct combinations of those values kept per document; beyond it the memo starts over. */
const MAX_KNOWN_COSTS_PER_DOCUMENT = 64;

function costKey(operationName: string | undefined, variables: Record<string, unknown>): string {
  const relevant = Object.entries(variables).filter(([, value]) => value === null || typeof value === 'number' || typeof value === 'boolean');
  return JSON.stringify([operationName ?? null, relevant.sort(([a], [b]) => (a < b ? -1 : 1))]);
}

export type CostEstimator = typeof estimateCost;

function memoizedCost(estimate: CostEstimator, schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  let costs = knownCosts.get(document);
  if (!costs) knownCosts.set(document, (costs = new Map()));
  const key = costKey(operationName, variables);
  let cost = costs.get(key);
  if (cost === undefined) {
    cost = estimate(schema, document, variables, operationName);
    if (costs.size >= MAX_KNOWN_COSTS_PER_DOCUMENT) costs.clear();
    costs.set(key, cost);
  }
  return cost;
}

export interface CostLimitOptions<C> {
  /** Spends the operation's cost from the caller's budget (gateway/rate-limits/); throws to refuse. */
  budget?: (cost: number, context: C) => Promise<void>;
  /** The estimator (tests inject a failing one to see the request refused). */
  estimate?: CostEstimator;
}

/** The estimate could not be made: the request is refused rather than run unlimited (fail closed). */
export const COST_ESTIMATION_FAILED = 'COST_ESTIMATION_FAILED';

export function costLimit<C extends BaseContext>(limit: number, options: CostLimitOptions<C> = {}): ApolloServerPlugin<C> {
  const estimate = options.estimate ?? estimateCost;
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operation, contextValue }) {
          if (!operation) return; // refused by requireResolvableOperation
          let cost: number;
          try {
            cost = memoizedCost(estimate, schema, document, request.variables ?? {}, operation.name?.value);
          } catch (error) {
            // graphql-query-complexity's own words when it stops at maxQueryNodes.
            if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
              throw new LimitExceededError(LIMIT_CODES.cost, `Cost limit of ${limit} exceeded, found more than ${MAX_EXPANDED_FIELDS} fields once fragments are expanded.`);
            }
            // graphql-js's own refusal of variables that do not fit the operation: the client's
            // mistake, answered as Apollo would answer it.
            if (error instanceof GraphQLError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
            // Anything else is a fault of ours. Skipping the limit would let exactly the requests
            // that break the estimator through unlimited: refuse, and say so in the log.
            logEvent('error', 'cost estimation failed', { service: 'gateway', errorClass: (error as Error)?.name });
            throw new GraphQLError('The cost of this operation could not be estimated, so it was not run.', { extensions: { code: COST_ESTIMATION_FAILED, http: { status: 500 } } });
          }
          if (cost > limit) throw new LimitExceededError(LIMIT_CODES.cost, `Cost limit of ${limit} exceeded, found ${cost}.`);
          await options.budget?.(cost, contextValue);
        },
      };
    },
  };
}
