// Builds any of the four subgraphs the same way: federated schema from its SDL file, scalars from
// shared/scalars, a fresh context (loaders, caller, now) per request, internal errors masked.
import { readFileSync } from 'node:fs';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { GraphQLError, parse, type DocumentNode } from 'graphql';
import type { CryptoKey } from 'jose';
import { apolloFeaturesOff } from '../../kit/http/apollo-plugins.js';
import { cursorKey } from './secret-keys.js';
import type { AuditEventsTable } from './audit.js';
import type { Caller, SubgraphContext } from './context.js';
import { auditSensitiveReads, SensitiveReads } from './sensitive-reads.js';
import { cachedHopVerifier, HOP_HEADER } from '../../kit/identity/hop-token.js';
import type { DB } from '../../kit/database/db.js';
import type { DomainEvents } from './events/registry.js';
import { fieldScopesOf } from '../../kit/graphql/scope-directives.js';
import { enforceFieldScopes } from './field-scopes.js';
import { refuseNulCharacters } from '../../kit/graphql/input-strings.js';
import { maskInternalErrors } from './mask-errors.js';
import { listen, type RunningServer } from '../../kit/http/http-server.js';
import { scheduleJobs, type ScheduledJob, type ScheduledJobsTable, type ScheduleOptions } from './scheduled-job.js';
import { scalarsDeclaredIn } from '../../kit/graphql/scalars.js';
import { apolloLogger } from '../../kit/observability/log.js';
import { observeOperations } from '../../kit/observability/request-metrics.js';

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
  /** Periodic work every replica schedules and one runs per interval (shared/scheduled-job.ts). */
  jobs?: { table: ScheduledJobsTable; create: (env: NodeJS.ProcessEnv) => ScheduledJob[] };
  /** The events this domain publishes and the consumers that keep its copies of other domains' facts. */
  events: DomainEvents;
  /** Background work every replica runs while it serves (alerts' webhook deliveries); stopped before the server. */
  workers?: (db: DB) => { stop(): Promise<void> }[];
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
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), ...apolloFeaturesOff<SubgraphContext<L>>(), auditSensitiveReads(definition.auditEvents) as never, observeOperations(), refuseNulCharacters(), ...plugins],
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
  /** The subgraph's scheduled jobs: false leaves them off (tests that run a job by hand, with a clock of their own). */
  jobs?: false | ScheduleOptions;
  /** The handle background workers use (default `db`): apart, so request statement counts stay exact. */
  workerDb?: DB;
}

export async function startSubgraph<L>(definition: SubgraphDefinition<L>, options: StartOptions<L>): Promise<RunningServer> {
  cursorKey(); // a missing or malformed CURSOR_KEY stops the subgraph here, not on its first page
  const apollo = buildSubgraphServer(definition, options.plugins);
  await apollo.start();
  // Only tokens minted for this subgraph: one captured elsewhere is refused here.
  const verify = cachedHopVerifier(options.hopPublicKey, definition.name);
  const server = await listen(apollo, {
    port: options.port ?? 0,
    host: options.host,
    context: async (req) => {
      const caller = await verify(req.headers[HOP_HEADER] as string | undefined);
      // Nothing without the gateway's signature: not queries, not _entities, not _service.
      if (!caller) throw new GraphQLError('This service only answers the gateway', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      return createContext(definition, options.db, caller);
    },
  });
  const workers = definition.workers?.(options.workerDb ?? options.db) ?? [];
  const jobs = definition.jobs && options.jobs !== false ? scheduleJobs(options.db, definition.jobs.table, definition.jobs.create(process.env), options.jobs) : null;
  if (!jobs && !workers.length) return server;
  return {
    ...server,
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
      await jobs?.stop();
      await server.stop();
    },
  };
}
