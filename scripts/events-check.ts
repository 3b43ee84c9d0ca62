// `npm run events:check`: compares every copy a domain keeps of another's facts with its source's
// snapshot, each in its own database (<NAME>_DATABASE_URL, else DATABASE_URL, else PGlite), prints
// one line per copy and the rows that differ, and exits 1 when any copy differs.
import { eventDomainsOn, systemParts } from '../subgraphs/shared/all-subgraphs.js';
import { openDatabases } from '../kit/database/databases.js';
import { driverOptionsFromEnv } from '../kit/database/db.js';
import { formatReplicaReports, replicaReports } from '../subgraphs/shared/events/replica-check.js';

const databases = await openDatabases(systemParts, driverOptionsFromEnv());
try {
  // A running system may be applying an event right now: a copy behind its source gets a moment.
  const reports = await replicaReports(eventDomainsOn(databases), { settleMs: 3_000 });
  console.log(formatReplicaReports(reports));
  const differing = reports.filter((r) => r.missingCount > 0 || r.extraCount > 0);
  console.log(differing.length ? `${differing.length} of ${reports.length} copies differ from their sources.` : `All ${reports.length} copies equal their sources.`);
  if (differing.length) process.exitCode = 1;
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
} finally {
  await databases.close();
}
