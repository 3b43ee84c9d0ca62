// A process that runs nothing but the domain events of all four domains (relays and consumers) on a
// database it reaches over the network, as a deployed subgraph replica would: what the crash test
// starts as a real child process and kills. Run with `node --import tsx`; configured by
// EVENTS_DATABASE_URL, and NATS_URL + EVENTS_PREFIX for the broker (absent: in process).
import { allSubgraphs } from '../../subgraphs/shared/all-subgraphs.js';
import { closeDriver, openDriver, subgraphDb } from '../../kit/database/db.js';
import { eventDomain } from '../../subgraphs/shared/events/domains.js';
import { eventsOptionsFromEnv, startEvents } from '../../subgraphs/shared/events/runtime.js';

const driver = await openDriver({ databaseUrl: process.env.EVENTS_DATABASE_URL, poolSize: 4 });
const events = await startEvents({ ...eventsOptionsFromEnv(), domains: allSubgraphs.map((s) => eventDomain(s.events, subgraphDb(driver))) });
process.stdout.write(`events running (${events.transport})\n`);
process.once('SIGTERM', async () => {
  await events.stop();
  await closeDriver(driver);
  process.exit(0);
});
