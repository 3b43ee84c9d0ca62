// Builds the gateway from the committed supergraph. No side effects at import: tests build it in
// process on port 0, gateway/index.ts builds it from the environment.
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { authorizationPlugin, rulesFromSupergraph } from './authorization/index.js';
import type { GatewayContext } from './context.js';
import { gatewayErrorFormatter } from './errors.js';
import { introspectionPolicy } from './introspection.js';
import { BatchLimitedApolloServer, requestLimits, resolveLimits, type CostEstimator, type RequestLimits } from './limits/index.js';
import { costWithinBudget, type RateLimiter } from './rate-limits/index.js';
import { installScalarParsers } from './scalars.js';
import { subgraphDataSources } from './subgraph-fetch.js';
import { supergraphForApolloGateway } from './supergraph-security.js';
import { apolloFeaturesOff } from '../kit/http/apollo-plugins.js';
import { apolloLogger } from '../kit/observability/log.js';
import { countingRefusals, observeOperations } from '../kit/observability/request-metrics.js';

export const supergraphPath = new URL('../schema/supergraph.graphql', import.meta.url);
const headlineOperation = readFileSync(new URL('./operations/headline.graphql', import.meta.url), 'utf8');

export type { GatewayContext };

export interface GatewayOptions {
  /** Subgraph name -> URL, overriding the routing URLs in the supergraph (tests, deployments). */
  subgraphUrls?: Record<string, string>;
  /** Apollo Sandbox on the landing page (development). */
  sandbox?: boolean;
  /** An A-number Sandbox's example operation starts with. */
  exampleANumber?: string;
  /** An API key Sandbox sends with every request (development only: the demo developer key). */
  sandboxKey?: string;
  /** Production: no field suggestions in errors, introspection only with the schema:read scope. */
  production?: boolean;
  /** Request limits; each one left out takes its default (gateway/limits/config.ts). */
  limits?: Partial<RequestLimits>;
  /** Per-key budgets: the cost budget is spent here; the context function spends the rest. */
  rateLimiter?: RateLimiter;
  /** Replaces the cost estimator (a test injects a fault to see the request refused). */
  costEstimator?: CostEstimator;
}

export function buildGateway(options: GatewayOptions = {}) {
  // Left on, ApolloGateway's constructor probes cloud metadata services (169.254.169.254 and
  // others) and posts host metrics to Apollo's servers on stop. Its only off switch is this
  // variable, read in the constructor; test/outbound.e2e.test.ts holds the system to loopback.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const supergraphSdl = readFileSync(supergraphPath, 'utf8');
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForApolloGateway(supergraphSdl),
    buildService: subgraphDataSources(options),
    logger: apolloLogger,
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => installScalarParsers(apiSchema));

  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    options.sandbox
      ? ApolloServerPluginLandingPageLocalDefault({
          embed: { initialState: { pollForSchemaUpdates: false, ...(options.sandboxKey ? { sharedHeaders: { authorization: `Bearer ${options.sandboxKey}` } } : {}) } },
          document: headlineOperation,
          variables: { aNumber: options.exampleANumber ?? 'A200000001' },
          footer: false,
        })
      : ApolloServerPluginLandingPageDisabled(),
    introspectionPolicy(options.production ?? false),
    // The supergraph's @requiresScopes / @authenticated, enforced before the gateway plans. After the
    // limit checks, which judge the operation as the client sent it.
    authorizationPlugin(rulesFromSupergraph(supergraphSdl)),
    ...apolloFeaturesOff<GatewayContext>(),
    observeOperations<GatewayContext>(),
  ];
  const limits = resolveLimits(options.limits);
  const { rateLimiter } = options;
  const limitChecks = requestLimits<GatewayContext>(limits, {
    estimate: options.costEstimator,
    budget: rateLimiter && ((cost, context) => costWithinBudget(rateLimiter, context.caller, cost)),
  });

  return new BatchLimitedApolloServer<GatewayContext>({
    gateway,
    logger: apolloLogger,
    plugins: [...limitChecks.plugins, ...plugins],
    validationRules: limitChecks.validationRules,
    // Introspection is decided per caller by introspectionPolicy; Apollo's switch stays on for it.
    introspection: true,
    hideSchemaDetailsFromClientErrors: options.production ?? false,
    includeStacktraceInErrorResponses: false,
    formatError: countingRefusals(gatewayErrorFormatter(options.production ?? false)),
  }, limits.batchedOperations);
}
