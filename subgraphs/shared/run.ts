// Runs one subgraph as its own process (the deployable unit): open the database, migrate, listen,
// and on SIGTERM/SIGINT stop accepting connections, finish in-flight requests, close the database.
// /readyz answers 200 only while the database does.
import { closeDriver, openDriver, pingDatabase, servingDriverOptions, subgraphDb } from './db.js';
import { hopKeysFromEnv } from './hop-token.js';
import { logEvent } from './log.js';
import { onShutdownSignal, withoutApolloSignalHandlers } from './shutdown.js';
import { startSubgraph, type SubgraphDefinition } from './subgraph-server.js';

export async function runSubgraph<L>(definition: SubgraphDefinition<L>, defaultPort: number): Promise<void> {
  if (!process.env.DATABASE_URL && !process.env.PGLITE_DIR) {
    // PGlite is one process's database; separate subgraph processes need a shared server.
    throw new Error('Set DATABASE_URL to run a subgraph on its own (or use `npm start`, which runs all of them on PGlite).');
  }
  const driver = await openDriver(servingDriverOptions());
  const db = subgraphDb(driver);
  await definition.migrate(db);
  const { publicKey } = await hopKeysFromEnv();
  const server = await withoutApolloSignalHandlers(() =>
    startSubgraph(definition, { db, hopPublicKey: publicKey, port: Number(process.env.PORT ?? defaultPort), host: process.env.HOST }),
  );
  server.describe({ service: definition.name, readiness: { database: () => pingDatabase(driver) } });
  logEvent('info', 'subgraph listening', { subgraph: definition.name, url: server.url });
  onShutdownSignal(async () => {
    await server.stop();
    await closeDriver(driver);
  });
}
