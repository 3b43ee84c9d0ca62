// Builds any of the four subgraphs the same way: federated schema from its SDL file, scalars from
// shared/scalars, a fresh context (loaders, caller, now) per request, internal errors masked.
import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { parse, type DocumentNode } from 'graphql';
import { DEVELOPMENT_CALLER, type SubgraphContext } from './context.js';
import type { DB } from './db.js';
import { maskInternalErrors } from './mask-errors.js';
import { listen, type RunningServer } from './http-server.js';
import { scalarsDeclaredIn } from './scalars.js';

export interface SubgraphDefinition<L> {
  name: string;
  /** Absolute path of the subgraph's schema.graphql. */
  schemaPath: string;
  resolvers: object;
  createLoaders: (db: DB, now: Date) => L;
  /** Applies this subgraph's migrations and loads its reference data; safe to run repeatedly. */
  migrate: (db: DB) => Promise<void>;
}

export function loadTypeDefs(schemaPath: string): DocumentNode {
  return parse(readFileSync(schemaPath, 'utf8'));
}

export function buildSubgraphServer<L>(definition: SubgraphDefinition<L>, plugins: ApolloServerPlugin<SubgraphContext<L>>[] = []) {
  const typeDefs = loadTypeDefs(definition.schemaPath);
  const resolvers = { ...scalarsDeclaredIn(typeDefs), ...definition.resolvers } as GraphQLResolverMap<unknown>;
  return new ApolloServer<SubgraphContext<L>>({
    schema: buildSubgraphSchema({ typeDefs, resolvers }),
    // Clients explore the graph through the gateway's Sandbox, never a subgraph directly.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), ...plugins],
    includeStacktraceInErrorResponses: false,
    formatError: maskInternalErrors(definition.name),
  });
}

export interface StartOptions {
  db: DB;
  port?: number;
  host?: string;
}

export async function startSubgraph<L>(definition: SubgraphDefinition<L>, options: StartOptions): Promise<RunningServer> {
  const apollo = buildSubgraphServer(definition);
  await apollo.start();
  return listen(apollo, {
    port: options.port ?? 0,
    host: options.host,
    context: async () => {
      const now = new Date();
      return { db: options.db, loaders: definition.createLoaders(options.db, now), caller: DEVELOPMENT_CALLER, now };
    },
  });
}
