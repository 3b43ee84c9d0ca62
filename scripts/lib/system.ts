// The whole system in one process: four subgraphs and the gateway, each on its own port, each over
// its part's database (one driver for all, or one per domain: databases.ts), and the domain events
// between them (in process, or through NATS when given).
// `npm start`, the end-to-end tests and the benchmarks all boot it this way; in
// production each subgraphs/<name>/index.ts and gateway/index.ts runs as its own deployable.
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import { parse as parseYaml } from 'yaml';
import { migrateGateway } from '../../gateway/auth/db/migrate.js';
import { startApiKeyCache } from '../../gateway/auth/key-cache.js';
import { gatewayContext } from '../../gateway/context.js';
import { resolveLimits } from '../../gateway/limits/index.js';
import { createRateLimiter, resolveRateLimits, type RateLimitOverrides } from '../../gateway/rate-limits/index.js';
import { gatewayReadiness } from '../../gateway/readiness.js';
import { requestIdOnServerErrors } from '../../gateway/request-ids.js';
import { buildGateway, type GatewayOptions } from '../../gateway/server.js';
import { webAppRoutes, type WebAppOptions } from '../../gateway/web-app.js';
import { supervisionOutcomesCsvRoute } from '../../gateway/exports/supervision-outcomes-csv.js';
import { generateHopKeys, type HopKeys } from '../../kit/identity/hop-token.js';
import { allSubgraphs, systemParts, type SubgraphName } from '../../subgraphs/shared/all-subgraphs.js';
import { pingDatabase, subgraphDb, type DB, type Driver, type StatementCounter } from '../../kit/database/db.js';
import { listen, type RunningServer } from '../../kit/http/http-server.js';
import { withoutApolloSignalHandlers } from '../../kit/http/shutdown.js';
import { oneDatabase, type Databases } from '../../kit/database/databases.js';
import { startSubgraph } from '../../subgraphs/shared/subgraph-server.js';
import { eventDomain, eventsReadiness } from '../../subgraphs/shared/events/domains.js';
import { eventsOptionsFromEnv, startEvents, type EventRuntime, type EventsOptions } from '../../subgraphs/shared/events/runtime.js';
import type { EventDomain } from '../../subgraphs/shared/events/transport.js';

/**
 * Each subgraph's port as an offset from the gateway's, read from its routing URL in
 * schema/supergraph.yaml (4000 -> 4007 for alerts), so fixed dev ports do not depend on list order.
 */
function portOffsets(): Map<string, number> {
  const config = parseYaml(readFileSync(new URL('../../schema/supergraph.yaml', import.meta.url), 'utf8')) as { subgraphs: Record<string, { routing_url: string }> };
  return new Map(Object.entries(config.subgraphs).map(([name, { routing_url }]) => [name, Number(new URL(routing_url).port) - 4000]));
}

export interface SystemOptions extends Omit<GatewayOptions, 'subgraphUrls'> {
  /** Every part on one driver; or give `databases`. */
  driver?: Driver;
  /** Each part's driver (databases.ts): each subgraph, its events and the gateway work in their own. */
  databases?: Databases;
  /** The driver the gateway looks API keys up with; default the gateway's part of `databases` (or `driver`). */
  gatewayDriver?: Driver;
  /** Gateway port; 0 picks a free one (tests). Subgraphs use their offsets in schema/supergraph.yaml (alerts: +7), or free ones. */
  port?: number;
  host?: string;
  /** Skip migrations when the caller already ran them. */
  migrate?: boolean;
  /** The gateway's signing keys; generated for this process when absent. */
  hopKeys?: HopKeys;
  /** Subgraphs stopped before the gateway starts (an outage at boot); restartSubgraph brings them up. */
  subgraphsDown?: SubgraphName[];
  /** Rate limits, on top of the defaults; counters in memory unless `redisUrl` is given here. */
  rateLimits?: RateLimitOverrides;
  /** Extra Apollo plugins per subgraph (tests record what the gateway sends each one). */
  subgraphPlugins?: Partial<Record<SubgraphName, ApolloServerPlugin<any>[]>>;
  /** The subgraphs' scheduled jobs (location retention): on by default; false for tests that run them by hand. */
  scheduledJobs?: boolean;
  /** Event transport (default from NATS_URL, EVENTS_PREFIX, EVENTS_POLL_MS); false runs no relays or consumers. */
  events?: Omit<EventsOptions, 'domains'> | false;
  /** Serve the built web app under /app/ on the gateway's port. */
  webApp?: WebAppOptions;
}

export interface RunningSystem {
  gatewayUrl: string;
  subgraphs: Record<SubgraphName, RunningServer>;
  /** SQL statements each subgraph (and the gateway, for API keys) has sent, counted at the driver. */
  statements: Record<SubgraphName | 'gateway', StatementCounter>;
  /** SQL statements each domain's relay and consumers have sent (apart, so request counts stay exact). */
  eventStatements: Record<SubgraphName, StatementCounter>;
  /** The running event transport, or null when started with `events: false`. */
  events: EventRuntime | null;
  /** Starts a subgraph again on the port it had (stopping it first if it is running); `subgraphs[name]` is then the new server. */
  restartSubgraph(name: SubgraphName): Promise<void>;
  /** Stops the gateway (finishing its in-flight requests), then the subgraphs. */
  stop(): Promise<void>;
}

export interface GatewayReplicaOptions extends GatewayOptions {
  /** The database the gateway reads API keys from (already migrated). */
  driver: Driver;
  hopKeys: HopKeys;
  port?: number;
  host?: string;
  /** Counts the gateway's SQL statements (API-key reads). */
  statements?: StatementCounter;
  /** Rate limits, on top of the defaults; counters in memory unless `redisUrl` is given here. */
  rateLimits?: RateLimitOverrides;
  /** Serve the built web app under /app/ on the gateway's port. */
  webApp?: WebAppOptions;
}

/**
 * One gateway over running subgraphs: what startSystem starts, and what a test starts again to
 * have two replicas side by side on one database. Its stop() also stops its API-key cache.
 */
export async function startGateway(options: GatewayReplicaOptions): Promise<RunningServer> {
  const rateLimiter = await createRateLimiter(resolveRateLimits(options.rateLimits));
  const apollo = buildGateway({ ...options, rateLimiter });
  apollo.addPlugin(requestIdOnServerErrors());
  await withoutApolloSignalHandlers(() => apollo.start());
  const gatewayDb = subgraphDb(options.driver, options.statements);
  const keyCache = await startApiKeyCache(options.driver, gatewayDb);
  // Limits not given in options take the defaults in gateway/limits/config.ts; the body size is the listener's.
  const { bodyBytes } = resolveLimits(options.limits);
  const context = gatewayContext(gatewayDb, options.hopKeys.privateKey, rateLimiter);
  const exports = supervisionOutcomesCsvRoute(apollo, context);
  const webApp = options.webApp && webAppRoutes(options.webApp);
  const server = await listen(apollo, {
    port: options.port ?? 0,
    host: options.host,
    maxBodyBytes: bodyBytes,
    service: 'gateway',
    requestIds: 'assign',
    readiness: gatewayReadiness(options.driver, options.subgraphUrls ?? {}),
    context,
    routes: async (req, res, url) => (await exports(req, res, url)) || (webApp ? webApp(req, res, url) : false),
  });
  return {
    ...server,
    async stop() {
      await server.stop();
      await keyCache.stop();
      await rateLimiter.close();
    },
  };
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const databases = options.databases ?? (options.driver ? oneDatabase(options.driver, systemParts) : undefined);
  if (!databases) throw new Error('startSystem needs a driver or databases');
  const basePort = options.port ?? 0;
  const offsets = portOffsets();
  const hopKeys = options.hopKeys ?? (await generateHopKeys());
  const subgraphs = {} as Record<SubgraphName, RunningServer>;
  const statements = { gateway: { count: 0 } } as Record<SubgraphName | 'gateway', StatementCounter>;
  // Each subgraph's database handle, kept so a restarted subgraph counts on the same counter.
  const dbs = new Map<SubgraphName, DB>();
  // Each domain's events on a handle of that domain's own, in that domain's database.
  const eventStatements = {} as Record<SubgraphName, StatementCounter>;
  const domains = new Map<SubgraphName, EventDomain>();
  let events: EventRuntime | null = null;
  // The process's owner (npm start, a test) decides when to stop, not Apollo's signal handlers.
  const startOne = (definition: (typeof allSubgraphs)[number], port: number) =>
    withoutApolloSignalHandlers(async () => {
      const server = await startSubgraph(definition as never, {
        db: dbs.get(definition.name)!,
        hopPublicKey: hopKeys.publicKey,
        host: options.host,
        port,
        plugins: options.subgraphPlugins?.[definition.name],
        jobs: options.scheduledJobs === false ? false : undefined,
        workerDb: domains.get(definition.name)!.db,
      });
      server.describe({
        service: definition.name,
        readiness: { database: () => pingDatabase(databases.of(definition.name)) },
        readinessDetails: eventsReadiness(domains.get(definition.name)!, () => events?.transport),
      });
      return server;
    });
  for (const [index, definition] of allSubgraphs.entries()) {
    const counter: StatementCounter = { count: 0 };
    const driver = databases.of(definition.name);
    const db = subgraphDb(driver, counter);
    dbs.set(definition.name, db);
    if (options.migrate !== false) await definition.migrate(db);
    statements[definition.name] = counter;
    eventStatements[definition.name] = { count: 0 };
    domains.set(definition.name, eventDomain(definition.events, subgraphDb(driver, eventStatements[definition.name])));
    subgraphs[definition.name] = await startOne(definition, basePort ? basePort + (offsets.get(definition.name) ?? index + 1) : 0);
  }
  if (options.events !== false) events = await startEvents({ ...eventsOptionsFromEnv(), ...options.events, domains: [...domains.values()] });
  await Promise.all((options.subgraphsDown ?? []).map((name) => subgraphs[name]!.stop()));
  const subgraphUrls = Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url]));
  const gatewayDriver = options.gatewayDriver ?? databases.of('gateway');
  if (options.migrate !== false) await migrateGateway(subgraphDb(gatewayDriver));
  const gateway = await startGateway({ ...options, driver: gatewayDriver, port: basePort, hopKeys, subgraphUrls, statements: statements.gateway });
  return {
    gatewayUrl: gateway.url,
    subgraphs,
    statements,
    eventStatements,
    get events() {
      return events;
    },
    async restartSubgraph(name) {
      const running = subgraphs[name];
      const definition = allSubgraphs.find((subgraph) => subgraph.name === name);
      if (!running || !definition) throw new Error(`No subgraph named ${name}`);
      await running.stop();
      subgraphs[name] = await startOne(definition, running.port);
    },
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
      await events?.stop();
    },
  };
}
