// Builds the gateway from the committed supergraph. No side effects at import: tests build it in
// process on port 0, gateway/index.ts builds it from the environment.
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { formatGatewayError } from './errors.js';
import { installScalarParsers } from './scalars.js';

export const supergraphPath = new URL('../schema/supergraph.graphql', import.meta.url);
const headlineOperation = readFileSync(new URL('./operations/headline.graphql', import.meta.url), 'utf8');

/** Per-request gateway context. The caller's identity will live here once API keys exist. */
export interface GatewayContext {
  requestId: string;
}

export interface GatewayOptions {
  /** Subgraph name -> URL, overriding the routing URLs in the supergraph (tests, deployments). */
  subgraphUrls?: Record<string, string>;
  /** Apollo Sandbox on the landing page (development). */
  sandbox?: boolean;
  /** An A-number Sandbox's example operation starts with. */
  exampleANumber?: string;
}

export function buildGateway(options: GatewayOptions = {}) {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(supergraphPath, 'utf8'),
    buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: options.subgraphUrls?.[name] ?? url }),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => installScalarParsers(apiSchema));

  const plugins: ApolloServerPlugin<GatewayContext>[] = [
    options.sandbox
      ? ApolloServerPluginLandingPageLocalDefault({
          embed: { initialState: { pollForSchemaUpdates: false } },
          document: headlineOperation,
          variables: { aNumber: options.exampleANumber ?? 'A200000001' },
          footer: false,
        })
      : ApolloServerPluginLandingPageDisabled(),
  ];

  return new ApolloServer<GatewayContext>({
    gateway,
    plugins,
    introspection: options.sandbox ?? false,
    includeStacktraceInErrorResponses: false,
    formatError: formatGatewayError,
  });
}
