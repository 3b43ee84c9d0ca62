// A throwaway database with every subgraph migrated: a new Postgres database on the server of
// `serverUrl` (dropped afterwards), or an in-memory PGlite without one. Test files each get one so
// they can run in parallel; the seeding benchmark uses one so it never touches real data.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateEverything } from './migrate-everything.js';
import { closeDriver, openDriver, type Driver } from '../../subgraphs/shared/db.js';

export interface ScratchDatabase {
  driver: Driver;
  /** The Postgres database's name, or `memory://`. */
  name: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string | undefined, prefix: string): Promise<ScratchDatabase> {
  if (!serverUrl) {
    const driver = await openDriver({ pgliteDir: 'memory://' });
    await migrateEverything(driver);
    return { driver, name: 'memory://', drop: () => closeDriver(driver) };
  }
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const driver = await openDriver({ databaseUrl: url.toString(), poolSize: 8 });
  const drop = async () => {
    await closeDriver(driver);
    await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  try {
    await migrateEverything(driver);
  } catch (error) {
    await drop();
    throw error;
  }
  return { driver, name, drop };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
