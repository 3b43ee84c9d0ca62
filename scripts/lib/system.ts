// The whole system in one process: four subgraphs and the gateway, each on its own port, over one
// database driver. `npm start`, the end-to-end tests and the benchmarks all boot it this way; in
// production each subgraphs/<name>/index.ts and gateway/index.ts runs as its own deployable.
import { migrateGateway } from '../../gateway/auth/db/migrate.js';
import { gatewayContext } from '../../gateway/context.js';
import { buildGateway, type GatewayOptions } from '../../gateway/server.js';
import { generateHopKeys, type HopKeys } from '../../subgraphs/shared/hop-token.js';
import { allSubgraphs, type SubgraphName } from '../../subgraphs/shared/all-subgraphs.js';
import { subgraphDb, type Driver, type StatementCounter } from '../../subgraphs/shared/db.js';
import { listen, type RunningServer } from '../../subgraphs/shared/http-server.js';
import { startSubgraph } from '../../subgraphs/shared/subgraph-server.js';

export interface SystemOptions extends Omit<GatewayOptions, 'subgraphUrls'> {
  driver: Driver;
  /** Gateway port; 0 picks a free one (tests). Subgraphs use the next four ports, or free ones. */
  port?: number;
  host?: string;
  /** Skip migrations when the caller already ran them. */
  migrate?: boolean;
  /** The gateway's signing keys; generated for this process when absent. */
  hopKeys?: HopKeys;
}

export interface RunningSystem {
  gatewayUrl: string;
  subgraphs: Record<SubgraphName, RunningServer>;
  /** SQL statements each subgraph (and the gateway, for API keys) has sent, counted at the driver. */
  statements: Record<SubgraphName | 'gateway', StatementCounter>;
  stop(): Promise<void>;
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const basePort = options.port ?? 0;
  const hopKeys = options.hopKeys ?? (await generateHopKeys());
  const subgraphs = {} as Record<SubgraphName, RunningServer>;
  const statements = { gateway: { count: 0 } } as Record<SubgraphName | 'gateway', StatementCounter>;
  for (const [index, definition] of allSubgraphs.entries()) {
    const counter: StatementCounter = { count: 0 };
    const db = subgraphDb(options.driver, counter);
    if (options.migrate !== false) await definition.migrate(db);
    statements[definition.name] = counter;
    subgraphs[definition.name] = await startSubgraph(definition as never, { db, hopPublicKey: hopKeys.publicKey, host: options.host, port: basePort ? basePort + index + 1 : 0 });
  }
  const subgraphUrls = Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url]));
  const apollo = buildGateway({ ...options, subgraphUrls });
  await apollo.start();
  const gatewayDb = subgraphDb(options.driver, statements.gateway);
  if (options.migrate !== false) await migrateGateway(gatewayDb);
  const gateway = await listen(apollo, { port: basePort, host: options.host, context: gatewayContext(gatewayDb, hopKeys.privateKey) });
  return {
    gatewayUrl: gateway.url,
    subgraphs,
    statements,
    async stop() {
      await gateway.stop();
      await Promise.all(Object.values(subgraphs).map((s) => s.stop()));
    },
  };
}
