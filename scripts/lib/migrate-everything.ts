// Every schema this system owns: the subgraphs' (in order) and the gateway's API keys, each in its
// part's database (one driver for all, or databases.ts's set).
import { migrateGateway } from '../../gateway/auth/db/migrate.js';
import { migrateAll, systemParts } from '../../subgraphs/shared/all-subgraphs.js';
import { asDatabases, type DatabaseTarget } from '../../kit/database/databases.js';
import { subgraphDb } from '../../kit/database/db.js';

export async function migrateEverything(target: DatabaseTarget): Promise<void> {
  const databases = asDatabases(target, systemParts);
  await migrateAll(databases);
  await migrateGateway(subgraphDb(databases.of('gateway')));
}
