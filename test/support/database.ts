// A database of its own for each test file: a fresh Postgres database when DATABASE_URL is set
// (created, migrated, dropped), an in-memory PGlite otherwise. Files can therefore run in parallel.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { closeDriver, openDriver, subgraphDb, type Driver } from '../../subgraphs/shared/db.js';
import { allSubgraphs } from '../../subgraphs/shared/all-subgraphs.js';

export interface TestDatabase {
  driver: Driver;
  /** Runs every subgraph's migrations (and reference data). */
  migrate(): Promise<void>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const driver = await openDriver({ pgliteDir: 'memory://' });
    return { driver, migrate: () => migrateAll(driver), drop: () => closeDriver(driver) };
  }
  const name = `sg_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const driver = await openDriver({ databaseUrl: url.toString(), poolSize: 8 });
  return {
    driver,
    migrate: () => migrateAll(driver),
    async drop() {
      await closeDriver(driver);
      await adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function migrateAll(driver: Driver): Promise<void> {
  for (const subgraph of allSubgraphs) await subgraph.migrate(subgraphDb(driver));
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
