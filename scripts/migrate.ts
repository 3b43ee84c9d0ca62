// `npm run migrate`: applies every subgraph's migrations and reference data, each in its part's
// database (<NAME>_DATABASE_URL, else DATABASE_URL, else PGlite: through the running `npm start`
// when it holds the folder).
import { migrateEverything } from './lib/migrate-everything.js';
import { systemParts } from '../subgraphs/shared/all-subgraphs.js';
import { describeDatabases, openDatabases } from '../kit/database/databases.js';
import { driverOptionsFromEnv } from '../kit/database/db.js';

const databases = await openDatabases(systemParts, driverOptionsFromEnv());
try {
  await migrateEverything(databases);
  console.log(`Migrated ${systemParts.join(', ')} (${describeDatabases(systemParts) || databases.groups()[0]!.driver.kind}).`);
} finally {
  await databases.close();
}
