// `npm run migrate`: applies every subgraph's migrations and reference data (DATABASE_URL, else PGlite).
import { migrateEverything } from './lib/migrate-everything.js';
import { closeDriver, driverOptionsFromEnv, openDriver } from '../subgraphs/shared/db.js';

const driver = await openDriver(driverOptionsFromEnv());
try {
  await migrateEverything(driver);
  console.log(`Migrated enrollment, checkin, docket, legal and the gateway's keys (${driver.kind}).`);
} finally {
  await closeDriver(driver);
}
