// The whole system in one process: four subgraphs and the gateway, each on its own port, over one
// database driver. `npm start`, the end-to-end tests and the benchmarks all boot it this way; in
// production each subgraphs/<name>/index.ts and gateway/index.ts runs as its own deployable.
import { randomUUID } from 'node:crypto';
import { buildGateway, type GatewayOptions } from '../../gateway/server.js';
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
}

export interface RunningSystem {
  gatewayUrl: string;
  subgraphs: Record<SubgraphName, RunningServer>;
  /** SQL statements each subgraph has sent, counted at the driver. */
  statements: Record<SubgraphName, StatementCounter>;
  stop(): Promise<void>;
}

export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const basePort = options.port ?? 0;
  const subgraphs = {} as Record<SubgraphName, RunningServer>;
  const statements = {} as Record<SubgraphName, StatementCounter>;
  for (const [index, definition] of allSubgraphs.entries()) {
    const counter: StatementCounter = { count: 0 };
    const db = subgraphDb(options.driver, counter);
    if (options.migrate !== false) await definition.migrate(db);
    statements[definition.name] = counter;
    subgraphs[definition.name] = await startSubgraph(definition as never, { db, host: options.host, port: basePort ? basePort + index + 1 : 0 });
  }
  const subgraphUrls = Object.fromEntries(Object.entries(subgraphs).map(([name, server]) => [name, server.url]));
  const apollo = buildGateway({ ...options, subgraphUrls });
  await apollo.start();
  const gateway = await listen(apollo, { port: basePort, host: options.host, context: async () => ({ requestId: randomUUID() }) });
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
