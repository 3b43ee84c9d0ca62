// `npm run migrate`: applies every subgraph's migrations and reference data (DATABASE_URL, else PGlite).
import { migrateAll } from '../subgraphs/shared/all-subgraphs.js';
import { closeDriver, driverOptionsFromEnv, openDriver } from '../subgraphs/shared/db.js';

const driver = await openDriver(driverOptionsFromEnv());
try {
  await migrateAll(driver);
  console.log(`Migrated enrollment, checkin, docket and legal (${driver.kind}).`);
} finally {
  await closeDriver(driver);
}
