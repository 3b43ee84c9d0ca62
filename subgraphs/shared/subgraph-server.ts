// Builds any of the four subgraphs the same way: federated schema from its SDL file, scalars from
// shared/scalars, a fresh context (loaders, caller, now) per request, internal errors masked.
import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import type { CryptoKey } from 'jose';
import { apolloFeaturesOff } from './apollo-plugins.js';
import type { AuditEventsTable } from './audit.js';
import type { Caller, SubgraphContext } from './context.js';
import { auditSensitiveReads, SensitiveReads } from './sensitive-reads.js';
import { cachedHopVerifier, HOP_HEADER } from './hop-token.js';
import type { DB } from './db.js';
import { enforceFieldScopes, fieldScopesOf } from './field-scopes.js';
import { maskInternalErrors } from './mask-errors.js';
import { listen, type RunningServer } from './http-server.js';
import { scalarsDeclaredIn } from './scalars.js';
import { apolloLogger } from './log.js';

export interface SubgraphDefinition<L> {
  name: string;
  /** Absolute path of the subgraph's schema.graphql. */
  schemaPath: string;
  resolvers: object;
  /** Per-request loaders; `caller` lets them apply row-level rules (a partner sees its clients only). */
  createLoaders: (db: DB, now: Date, caller: Caller) => L;
  /** Applies this subgraph's migrations and loads its reference data; safe to run repeatedly. */
  migrate: (db: DB) => Promise<void>;
  /** This subgraph's audit table, where reads of sensitive fields are recorded. */
  auditEvents: AuditEventsTable;
}

/** A fresh request context: loaders, caller, a pinned "now", and a collector of sensitive reads. */
export function createContext<L>(definition: SubgraphDefinition<L>, db: DB, caller: Caller, now = new Date()): SubgraphContext<L> {
  return { db, loaders: definition.createLoaders(db, now, caller), caller, now, sensitiveReads: new SensitiveReads() };
}

export function loadTypeDefs(schemaPath: string): DocumentNode {
  return parse(readFileSync(schemaPath, 'utf8'));
}

export function buildSubgraphServer<L>(definition: SubgraphDefinition<L>, plugins: ApolloServerPlugin<SubgraphContext<L>>[] = []) {
  const typeDefs = loadTypeDefs(definition.schemaPath);
  const resolvers = { ...scalarsDeclaredIn(typeDefs), ...enforceFieldScopes(definition.resolvers as never, fieldScopesOf(typeDefs)) } as GraphQLResolverMap<unknown>;
  return new ApolloServer<SubgraphContext<L>>({
    schema: buildSubgraphSchema({ typeDefs, resolvers }),
    logger: apolloLogger,
    // Clients explore the graph through the gateway's Sandbox, never a subgraph directly.
    // Inline tracing wraps every field resolver for traces nobody reads (no Apollo usage reporting);
    // apolloFeaturesOff says why cache control and reporting are off too.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), ...apolloFeaturesOff<SubgraphContext<L>>(), auditSensitiveReads(definition.auditEvents) as never, ...plugins],
    includeStacktraceInErrorResponses: false,
    formatError: maskInternalErrors(definition.name),
  });
}

export interface StartOptions<L = unknown> {
  db: DB;
  /** The gateway's public key: requests without a valid signed identity from it are refused. */
  hopPublicKey: CryptoKey;
  /** Extra Apollo plugins (the benchmark records the calls a query plan makes). */
  plugins?: ApolloServerPlugin<SubgraphContext<L>>[];
  port?: number;
  host?: string;
}

export async function startSubgraph<L>(definition: SubgraphDefinition<L>, options: StartOptions<L>): Promise<RunningServer> {
  const apollo = buildSubgraphServer(definition, options.plugins);
  await apollo.start();
  const verify = cachedHopVerifier(options.hopPublicKey);
  return listen(apollo, {
    port: options.port ?? 0,
    host: options.host,
    context: async (req) => {
      const caller = await verify(req.headers[HOP_HEADER] as string | undefined);
      // Nothing without the gateway's signature: not queries, not _entities, not _service.
      if (!caller) throw new GraphQLError('This service only answers the gateway', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      return createContext(definition, options.db, caller);
    },
  });
}
