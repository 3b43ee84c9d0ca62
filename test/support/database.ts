// A database of its own for each test file, migrated: a fresh Postgres database when DATABASE_URL is
// set (dropped by `drop`), an in-memory PGlite otherwise. Files can therefore run in parallel.
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/lib/scratch-database.js';

export type TestDatabase = ScratchDatabase;

export const createTestDatabase = (): Promise<TestDatabase> => createScratchDatabase(process.env.DATABASE_URL, 'sg_test');
