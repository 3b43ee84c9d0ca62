// A database of its own for each test file, migrated: a fresh Postgres database when DATABASE_URL is
// set (dropped by `drop`), an in-memory PGlite otherwise. Files can therefore run in parallel.
// TEST_TOPOLOGY=four-databases (with DATABASE_URL): a database per domain and one for the gateway
// instead, as deployed with ENROLLMENT_DATABASE_URL, …, GATEWAY_DATABASE_URL: a statement reaching
// another domain's tables fails there.
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/lib/scratch-database.js';

export type TestDatabase = ScratchDatabase;

/** True when each part runs on its own database (TEST_TOPOLOGY=four-databases). */
export const separateDatabases = process.env.TEST_TOPOLOGY === 'four-databases';

export const createTestDatabase = (): Promise<TestDatabase> => createScratchDatabase(process.env.DATABASE_URL, 'sg_test', { separate: separateDatabases });
