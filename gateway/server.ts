// Builds the gateway from the committed supergraph. No side effects at import: tests build it in
// process on port 0, gateway/index.ts builds it from the environment.
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GatewayContext } from './context.js';
import { formatGatewayError } from './errors.js';
import { introspectionPolicy } from './introspection.js';
import { BatchLimitedApolloServer, requestLimits, resolveLimits, type RequestLimits } from './limits/index.js';
import { installScalarParsers } from './scalars.js';
import { subgraphDataSources } from './subgraph-fetch.js';
import { apolloFeaturesOff } from '../subgraphs/shared/apollo-plugins.js';
import { apolloLogger } from '../subgraphs/shared/log.js';

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
}

export function buildGateway(options: GatewayOptions = {}) {
  // Left on, ApolloGateway's constructor probes cloud metadata services (169.254.169.254 and
  // others) and posts host metrics to Apollo's servers on stop. Its only off switch is this
  // variable, read in the constructor; test/outbound.e2e.test.ts holds the system to loopback.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
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
    ...apolloFeaturesOff<GatewayContext>(),
  ];
  const limits = resolveLimits(options.limits);
  const limitChecks = requestLimits<GatewayContext>(limits);

  return new BatchLimitedApolloServer<GatewayContext>({
    gateway,
    logger: apolloLogger,
    plugins: [...limitChecks.plugins, ...plugins],
    validationRules: limitChecks.validationRules,
    // Introspection is decided per caller by introspectionPolicy; Apollo's switch stays on for it.
    introspection: true,
    hideSchemaDetailsFromClientErrors: options.production ?? false,
    includeStacktraceInErrorResponses: false,
    formatError: formatGatewayError,
  }, limits.batchedOperations);
}
