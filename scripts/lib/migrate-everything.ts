// Every schema this system owns: the four subgraphs' (in order) and the gateway's API keys.
import { migrateGateway } from '../../gateway/auth/db/migrate.js';
import { migrateAll } from '../../subgraphs/shared/all-subgraphs.js';
import { subgraphDb, type Driver } from '../../subgraphs/shared/db.js';

export async function migrateEverything(driver: Driver): Promise<void> {
  await migrateAll(driver);
  await migrateGateway(subgraphDb(driver));
}
