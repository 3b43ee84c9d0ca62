// The whole system in one process: four subgraphs and the gateway, each on its own port, over one
// database driver. `npm start`, the end-to-end tests and the benchmarks all boot it this way; in
// production each subgraphs/<name>/index.ts and gateway/index.ts runs as its own deployable.
import { migrateGateway } from '../../gateway/auth/db/migrate.js';
import { gatewayContext } from '../../gateway/context.js';
import { resolveLimits } from '../../gateway/limits/index.js';
import { gatewayReadiness } from '../../gateway/readiness.js';
import { requestIdOnServerErrors } from '../../gateway/request-ids.js';
import { buildGateway, type GatewayOptions } from '../../gateway/server.js';
import { generateHopKeys, type HopKeys } from '../../subgraphs/shared/hop-token.js';
import { allSubgraphs, type SubgraphName } from '../../subgraphs/shared/all-subgraphs.js';
import { pingDatabase, subgraphDb, type DB, type Driver, type StatementCounter } from '../../subgraphs/shared/db.js';
import { listen, type RunningServer } from '../../subgraphs/shared/http-server.js';
import { withoutApolloSignalHandlers } from '../../subgraphs/shared/shutdown.js';
import { startSubgraph } from '../../subgraphs/shared/subgraph-server.js';

export interface SystemOptions extends Omit<GatewayOptions, 'subgraphUrls'> {
  driver: Driver;
  /** The driver the gateway looks API keys up with; default `driver` (deployments may give it its own database). */
  gatewayDriver?: Driver;
  /** Gateway port; 0 picks a free one (tests). Subgraphs use the next four ports, or free ones. */
  port?: number;
  host?: string;
  /** Skip migrations when the caller already ran them. */
  migrate?: boolean;
  /** The gateway's signing keys; generated for this process when absent. */
  hopKeys?: HopKeys;
  /** Subgraphs stopped before the gateway starts (an outage at boot); restartSubgraph brings them up. */
  subgraphsDown?: SubgraphName[];
}

export interface RunningSystem {
  gatewayUrl: string;
  subgraphs: Record<SubgraphName, RunningServer>;
  /** SQL statements each subgraph (and the gateway, for API keys) has sent, counted at the driver. */
  statements: Record<SubgraphName | 'gateway', StatementCounter>;
  /** Starts a subgraph again on the port it had (stopping it first if it is running); `subgraphs[name]` is then the new server. */
  restartSubgraph(name: SubgraphName): Promise<void>;
  /** Stops the gateway (finishing its in-flight requests), then the subgraphs. */
  stop(): Promise<void>;
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const basePort = options.port ?? 0;
  const hopKeys = options.hopKeys ?? (await generateHopKeys());
  const subgraphs = {} as Record<SubgraphName, RunningServer>;
  const statements = { gateway: { count: 0 } } as Record<SubgraphName | 'gateway', StatementCounter>;
  // Each subgraph's database handle, kept so a restarted subgraph counts on the same counter.
  const dbs = new Map<SubgraphName, DB>();
  // The process's owner (npm start, a test) decides when to stop, not Apollo's signal handlers.
  const startOne = (definition: (typeof allSubgraphs)[number], port: number) =>
    withoutApolloSignalHandlers(async () => {
      const server = await startSubgraph(definition as never, { db: dbs.get(definition.name)!, hopPublicKey: hopKeys.publicKey, host: options.host, port });
      server.describe({ service: definition.name, readiness: { database: () => pingDatabase(options.driver) } });
      return server;
    });
  for (const [index, definition] of allSubgraphs.entries()) {
    const counter: StatementCounter = { count: 0 };
    const db = subgraphDb(options.driver, counter);
    dbs.set(definition.name, db);
    if (options.migrate !== false) await definition.migrate(db);
    statements[definition.name] = counter;
    subgraphs[definition.name] = await startOne(definition, basePort ? basePort + index + 1 : 0);
  }
  await Promise.all((options.subgraphsDown ?? []).map((name) => subgraphs[name]!.stop()));
  const subgraphUrls = Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url]));
  const apollo = buildGateway({ ...options, subgraphUrls });
  apollo.addPlugin(requestIdOnServerErrors());
  await withoutApolloSignalHandlers(() => apollo.start());
  const gatewayDriver = options.gatewayDriver ?? options.driver;
  const gatewayDb = subgraphDb(gatewayDriver, statements.gateway);
  if (options.migrate !== false) await migrateGateway(gatewayDb);
  // Limits not given in options take the defaults in gateway/limits/config.ts; the body size is the listener's.
  const { bodyBytes } = resolveLimits(options.limits);
  const gateway = await listen(apollo, {
    port: basePort,
    host: options.host,
    maxBodyBytes: bodyBytes,
    service: 'gateway',
    requestIds: 'assign',
    readiness: gatewayReadiness(gatewayDriver, subgraphUrls),
    context: gatewayContext(gatewayDb, hopKeys.privateKey),
  });
  return {
    gatewayUrl: gateway.url,
    subgraphs,
    statements,
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
    },
  };
}
