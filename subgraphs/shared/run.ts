// Runs one subgraph as its own process (the deployable unit): open the database, migrate, start its
// domain's events (relay and consumers), listen, and on SIGTERM/SIGINT stop accepting connections,
// finish in-flight requests, stop the events, close the database. /readyz answers 200 only while
// the database does, and reports the consumers' dead letters.
// Its database: <NAME>_DATABASE_URL (DOCKET_DATABASE_URL …), else DATABASE_URL (databases.ts).
// Events: through NATS JetStream when NATS_URL is set (any number of replicas, a database per
// domain); without it, this process's consumers read the other domains' outboxes in the same
// database (only those sharing this subgraph's database; one database, as `npm start` has).
import { closeDriver, openDriver, pingDatabase, servingDriverOptions, subgraphDb } from '../../kit/database/db.js';
import { hopKeysFromEnv } from '../../kit/identity/hop-token.js';
import { logEvent } from '../../kit/observability/log.js';
import { startObservability } from '../../kit/observability/observability.js';
import { onShutdownSignal, withoutApolloSignalHandlers } from '../../kit/http/shutdown.js';
import { startSubgraph, type SubgraphDefinition } from './subgraph-server.js';
import { allSubgraphs } from './all-subgraphs.js';
import { eventDomain, eventsReadiness } from './events/domains.js';
import { eventsOptionsFromEnv, startEvents } from './events/runtime.js';
import { databaseUrlOf, databaseUrlVariable } from '../../kit/database/databases.js';

export async function runSubgraph<L>(definition: SubgraphDefinition<L>, defaultPort: number): Promise<void> {
  const url = databaseUrlOf(definition.name);
  if (!url && !process.env.PGLITE_DIR) {
    // PGlite is one process's database; separate subgraph processes need a shared server.
    throw new Error(`Set ${databaseUrlVariable(definition.name)} or DATABASE_URL to run a subgraph on its own (or use \`npm start\`, which runs all of them on PGlite).`);
  }
  const observability = await startObservability(definition.name);
  const driver = await openDriver({ ...servingDriverOptions(), databaseUrl: url });
  const db = subgraphDb(driver);
  await definition.migrate(db);
  const { publicKey } = await hopKeysFromEnv();
  const domain = eventDomain(definition.events, subgraphDb(driver));
  const others = allSubgraphs.filter((s) => s.name !== definition.name && databaseUrlOf(s.name) === url).map((s) => eventDomain(s.events, subgraphDb(driver)));
  const events = await startEvents({ ...eventsOptionsFromEnv(), domains: [domain], sources: others });
  const server = await withoutApolloSignalHandlers(() =>
    startSubgraph(definition, { db, hopPublicKey: publicKey, port: Number(process.env.PORT ?? defaultPort), host: process.env.HOST }),
  );
  server.describe({ service: definition.name, readiness: { database: () => pingDatabase(driver) }, readinessDetails: eventsReadiness(domain, () => events.transport) });
  logEvent('info', 'subgraph listening', { subgraph: definition.name, url: server.url });
  onShutdownSignal(async () => {
    await server.stop();
    await events.stop();
    await closeDriver(driver);
    await observability.stop();
  });
}
