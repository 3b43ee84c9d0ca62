// Runs one subgraph as its own process (the deployable unit): open the database, migrate, listen,
// and shut down cleanly on SIGTERM.
import { closeDriver, driverOptionsFromEnv, openDriver, subgraphDb } from './db.js';
import { hopKeysFromEnv } from './hop-token.js';
import { logEvent } from './log.js';
import { startSubgraph, type SubgraphDefinition } from './subgraph-server.js';

export async function runSubgraph<L>(definition: SubgraphDefinition<L>, defaultPort: number): Promise<void> {
  if (!process.env.DATABASE_URL && !process.env.PGLITE_DIR) {
    // PGlite is one process's database; separate subgraph processes need a shared server.
    throw new Error('Set DATABASE_URL to run a subgraph on its own (or use `npm start`, which runs all of them on PGlite).');
  }
  const driver = await openDriver(driverOptionsFromEnv());
  const db = subgraphDb(driver);
  await definition.migrate(db);
  const { publicKey } = await hopKeysFromEnv();
  const server = await startSubgraph(definition, { db, hopPublicKey: publicKey, port: Number(process.env.PORT ?? defaultPort), host: process.env.HOST });
  logEvent('info', 'subgraph listening', { subgraph: definition.name, url: server.url });
  const shutdown = async () => {
    await server.stop();
    await closeDriver(driver);
    process.exit(0);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
