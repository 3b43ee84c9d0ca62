// `npm run events:rebuild -- <consumer>` (e.g. checkin.supervision_terms): rebuilds that copy from its
// source's snapshot and the source's events after it (subgraphs/shared/events/replica-rebuild.ts),
// then checks it against the source. Without a name, lists the consumers that keep a copy.
import { eventDomainsOn, systemParts } from '../subgraphs/shared/all-subgraphs.js';
import { openDatabases } from '../kit/database/databases.js';
import { driverOptionsFromEnv } from '../kit/database/db.js';
import { copiesOf, formatReplicaReports, replicaReports } from '../subgraphs/shared/events/replica-check.js';
import { copyTableName, rebuildReplica } from '../subgraphs/shared/events/replica-rebuild.js';

const names = process.argv.slice(2).filter((a) => a !== '--');
const databases = await openDatabases(systemParts, driverOptionsFromEnv());
try {
  const domains = eventDomainsOn(databases);
  if (names.length === 0) {
    console.log('usage: npm run events:rebuild -- <consumer> [...]\nconsumers keeping a copy:');
    for (const { consumer } of copiesOf(domains)) console.log(`  ${consumer.name}  (${copyTableName(consumer)}, from ${consumer.copy!.snapshot.name})`);
    process.exitCode = 2;
  } else {
    for (const { owner, consumer, source } of copiesOf(domains, names)) {
      const result = await rebuildReplica(owner, consumer, source);
      const { applied, duplicate, 'dead-lettered': parked } = result.replayed;
      console.log(`Rebuilt ${consumer.name}: ${result.rows} row(s) from ${consumer.copy!.snapshot.name} at ${source.published.domain} sequence ${result.snapshotSequence}, then ${applied} event(s) applied, ${duplicate} already in, ${parked} dead-lettered.`);
    }
    const reports = await replicaReports(domains, { consumers: names, settleMs: 3_000 });
    console.log(formatReplicaReports(reports));
    if (reports.some((r) => r.missingCount > 0 || r.extraCount > 0)) process.exitCode = 1;
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
} finally {
  await databases.close();
}
