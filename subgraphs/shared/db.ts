// The database handle every subgraph is given: node-postgres when DATABASE_URL is set, embedded
// PGlite otherwise, so the same subgraph code runs against a server or a fresh clone.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';

/** The one typed alias repositories accept: a drizzle database over either driver. */
export type DB = PgDatabase<PgQueryResultHKT>;

/** A raw driver connection shared by the subgraphs of one process. */
export type Driver = { kind: 'pg'; client: pg.Pool } | { kind: 'pglite'; client: PGlite };

/** Statements a subgraph actually sent to the driver; tests and benchmarks read it. */
export interface StatementCounter {
  count: number;
}

export interface DriverOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory, or `memory://` for a throwaway database. */
  pgliteDir?: string;
  poolSize?: number;
}

export async function openDriver(options: DriverOptions = {}): Promise<Driver> {
  if (options.databaseUrl) {
    const client = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Fail fast rather than queue forever when the server is gone.
      connectionTimeoutMillis: 5_000,
      application_name: 'supervision-gateway',
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    client.on('error', () => {});
    return { kind: 'pg', client };
  }
  const dir = options.pgliteDir ?? 'memory://';
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  return { kind: 'pglite', client };
}

export async function closeDriver(driver: Driver): Promise<void> {
  if (driver.kind === 'pg') await driver.client.end();
  else await driver.client.close();
}

/** Default driver options from the environment (DATABASE_URL, PGLITE_DIR). */
export function driverOptionsFromEnv(env = process.env): DriverOptions {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: env.PGLITE_DIR || '.data/pglite',
    poolSize: env.DB_POOL_SIZE ? Number(env.DB_POOL_SIZE) : undefined,
  };
}

/**
 * A drizzle handle for one subgraph over a shared driver, counting every statement it sends
 * (including those inside transactions) at the driver boundary.
 */
export function subgraphDb(driver: Driver, counter: StatementCounter = { count: 0 }): DB {
  if (driver.kind === 'pg') return drizzlePg(counting(driver.client, counter)) as unknown as DB;
  return drizzlePglite(counting(driver.client, counter)) as unknown as DB;
}

// Wraps `query` to count, and the objects a transaction hands out (a pool client from `connect`, a
// PGlite transaction) so statements inside transactions are counted too.
function counting<T extends object>(target: T, counter: StatementCounter): T {
  return new Proxy(target, {
    get(obj, prop) {
      const value = Reflect.get(obj, prop, obj);
      if (typeof value !== 'function') return value;
      if (prop === 'query') {
        return (...args: unknown[]) => {
          counter.count++;
          return value.apply(obj, args);
        };
      }
      if (prop === 'connect') {
        return async (...args: unknown[]) => counting(await value.apply(obj, args), counter);
      }
      if (prop === 'transaction') {
        return (fn: (tx: object) => unknown, ...rest: unknown[]) =>
          value.call(obj, (tx: object) => fn(counting(tx, counter)), ...rest);
      }
      return value.bind(obj);
    },
  });
}

/** Runs one SQL text on the raw driver (scripts and test fixtures; subgraphs go through drizzle). */
export async function queryRows<R>(driver: Driver, text: string, params: unknown[] = []): Promise<R[]> {
  const result = driver.kind === 'pg' ? await driver.client.query(text, params) : await driver.client.query(text, params);
  return result.rows as R[];
}
