// A throwaway database with every subgraph migrated: a new Postgres database on the server of
// `serverUrl` (dropped afterwards), or an in-memory PGlite without one. Test files each get one so
// they can run in parallel; the seeding benchmark uses one so it never touches real data.
// `separate`: a database per part instead (<name>_enrollment, …, <name>_gateway), so no statement
// can reach another domain's tables.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrateEverything } from './migrate-everything.js';
import { systemParts } from '../../subgraphs/shared/all-subgraphs.js';
import { fromDrivers, oneDatabase, type Databases } from '../../kit/database/databases.js';
import { closeDriver, openDriver, type Driver } from '../../kit/database/db.js';

export interface ScratchDatabase {
  /** The one driver every part shares; throws when each part has its own (use `databases`). */
  driver: Driver;
  databases: Databases;
  /** The Postgres database's name (the common prefix when separate), or `memory://`. */
  name: string;
  /** Each part's postgres:// URL (none on PGlite), as <NAME>_DATABASE_URL would name it to a process. */
  urls: Partial<Record<string, string>>;
  drop(): Promise<void>;
}

export async function createScratchDatabase(serverUrl: string | undefined, prefix: string, options: { separate?: boolean } = {}): Promise<ScratchDatabase> {
  if (!serverUrl) {
    if (options.separate) throw new Error('A database per part needs a PostgreSQL server (DATABASE_URL)');
    const driver = await openDriver({ pgliteDir: 'memory://' });
    await migrateEverything(driver);
    return { driver, databases: oneDatabase(driver, systemParts), name: 'memory://', urls: {}, drop: () => closeDriver(driver) };
  }
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const names = new Map(systemParts.map((part) => [part, options.separate ? `${name}_${part}` : name]));
  const created = [...new Set(names.values())];
  const drivers = new Map<string, Driver>();
  const drop = async () => {
    await Promise.all([...new Set(drivers.values())].map((d) => closeDriver(d)));
    for (const database of created) await admin(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
  for (const database of created) await admin(serverUrl, `CREATE DATABASE ${database}`);
  const opened = new Map<string, Driver>();
  const urls: Record<string, string> = {};
  for (const [part, database] of names) {
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    urls[part] = url.toString();
    let driver = opened.get(database);
    if (!driver) opened.set(database, (driver = await openDriver({ databaseUrl: urls[part], poolSize: options.separate ? 4 : 8 })));
    drivers.set(part, driver);
  }
  const databases = fromDrivers(drivers, drop);
  try {
    await migrateEverything(databases);
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    get driver() {
      if (!databases.shared) throw new Error(`${name}: each part has its own database; use databases.of(part)`);
      return databases.groups()[0]!.driver;
    },
    databases,
    name,
    urls,
    drop,
  };
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
