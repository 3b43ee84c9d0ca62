// The database handle every subgraph is given: node-postgres when DATABASE_URL is set, embedded
// PGlite otherwise, so the same subgraph code runs against a server or a fresh clone.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';

/** The Postgres extensions the migrations create (enrollment's name search), bundled with PGlite. */
const PGLITE_EXTENSIONS = { pg_trgm, unaccent };
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { driverErrorCode } from './database-unavailable.js';
import { logEvent } from '../observability/log.js';
import { observePool } from '../observability/metrics.js';
import { liveHolder, takeLock, FolderInUseError } from './pglite-lock.js';
import { servePglite } from './pglite-server.js';
import { guardedPool } from './pool-client-guard.js';
import { traceStatement } from '../observability/statement-tracing.js';

/** The one typed alias repositories accept: a drizzle database over either driver. */
export type DB = PgDatabase<PgQueryResultHKT>;

/** A raw driver connection shared by the subgraphs of one process; `close`, when set, also frees what else it holds (a folder's lock, a socket server). */
export type Driver = ({ kind: 'pg'; client: pg.Pool } | { kind: 'pglite'; client: PGlite }) & { close?: () => Promise<void> };

/** Statements a subgraph actually sent to the driver; tests and benchmarks read it. */
export interface StatementCounter {
  count: number;
  /** When set, each statement's text and parameters are appended (the query-plan test EXPLAINs them). */
  log?: CapturedStatement[];
}

export interface CapturedStatement {
  text: string;
  values: unknown[];
}

// node-postgres takes (text, values) or ({ text, values }); PGlite takes (text, values, options).
function captured(args: unknown[]): CapturedStatement {
  const [first, second] = args;
  if (typeof first === 'object' && first !== null && 'text' in first) {
    const config = first as { text: string; values?: unknown[] };
    return { text: config.text, values: config.values ?? (second as unknown[]) ?? [] };
  }
  return { text: String(first), values: Array.isArray(second) ? second : [] };
}

export interface DriverOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory, or `memory://` for a throwaway database. */
  pgliteDir?: string;
  poolSize?: number;
  /** How long to wait for a new Postgres connection before failing the query (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Longest a statement may run before the server cancels it (default: no limit; see servingDriverOptions). */
  statementTimeoutMs?: number;
  /** Longest the client waits for a statement's answer, e.g. across a silent network failure (default: no limit). */
  queryTimeoutMs?: number;
  /**
   * How a PGlite folder is shared, since only one process may open it (pglite-lock.ts):
   * 'join' (default; keys, seed, migrate, tests): when the system runs on the folder, use its database
   * over the port it serves; otherwise hold the folder until closeDriver.
   * 'serve' (`npm start`): hold the folder, refusing if anyone else does, and serve it on 127.0.0.1.
   */
  pgliteSharing?: 'join' | 'serve';
  /** Port the 'serve' side listens on (default: a free one, recorded in the lock). */
  pglitePort?: number;
  /** What this process is, named in the lock so a refused process can say who holds the folder. */
  command?: string;
}

export { FolderInUseError };

/** So an unreachable server fails a request in seconds, not never (pg's default). */
export const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;
/**
 * Bounds for processes that serve requests (gateway, subgraphs). Not applied to every driver:
 * seeding and migrations legitimately run statements for minutes.
 */
export const SERVING_TIMEOUTS = { statementTimeoutMs: 30_000, queryTimeoutMs: 35_000 };

export async function openDriver(options: DriverOptions = {}): Promise<Driver> {
  if (options.databaseUrl) {
    const client = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Fail fast rather than queue forever when the server is gone (pg's default is no limit).
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      // A runaway statement is cancelled by the server and its connection stays usable.
      statement_timeout: options.statementTimeoutMs,
      // A statement whose answer never comes (the server or the path to it went silent) fails, and
      // the pool drops its connection.
      query_timeout: options.queryTimeoutMs,
      // Notice a peer that vanished without closing the socket (a dropped network path).
      keepAlive: true,
      application_name: 'supervision-gateway',
    });
    // A connection lost must not crash the process. The pool reports idle clients' errors here;
    // a client checked out (a transaction) emits its own, with no pool listener attached, so each
    // new client gets one too. The failed query still rejects, the pool drops the broken client,
    // and the next query opens a new connection: service resumes by itself when the server is back.
    const connectionLost = (error: Error) => logEvent('warn', 'database connection lost', { errorCode: driverErrorCode(error) });
    client.on('error', connectionLost);
    client.on('connect', (connection) => connection.on('error', connectionLost));
    observePool(client);
    return { kind: 'pg', client };
  }
  const dir = options.pgliteDir ?? 'memory://';
  if (dir.startsWith('memory://')) return { kind: 'pglite', client: await PGlite.create(dir, { extensions: PGLITE_EXTENSIONS }) };
  const command = options.command ?? commandName();
  if (options.pgliteSharing !== 'serve') {
    const holder = liveHolder(dir);
    if (holder?.holder === 'system' && holder.port !== undefined) {
      // The running system's own database, as any Postgres client would reach it.
      return openDriver({ ...options, databaseUrl: `postgres://postgres@127.0.0.1:${holder.port}/postgres`, poolSize: options.poolSize ?? 2 });
    }
  }
  const lock = await takeLock(dir, { holder: options.pgliteSharing === 'serve' ? 'system' : 'tool', command });
  try {
    mkdirSync(dir, { recursive: true });
    const client = await PGlite.create(dir, { extensions: PGLITE_EXTENSIONS });
    const server = options.pgliteSharing === 'serve' ? await servePglite(client, { port: options.pglitePort }) : undefined;
    if (server) lock.update({ port: server.port });
    return {
      kind: 'pglite',
      client,
      close: async () => {
        await server?.stop();
        await client.close();
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

// `npm run keys`, `npm start`: what a person would recognise in a "held by …" message.
function commandName(): string {
  const event = process.env.npm_lifecycle_event;
  if (event) return event === 'start' ? 'npm start' : `npm run ${event}`;
  return process.argv.slice(1, 3).join(' ') || 'another process';
}

export async function closeDriver(driver: Driver): Promise<void> {
  if (driver.close) await driver.close();
  else if (driver.kind === 'pg') await driver.client.end();
  else await driver.client.close();
}

/**
 * Default driver options from the environment: DATABASE_URL, PGLITE_DIR, PGLITE_PORT, DB_POOL_SIZE,
 * DB_CONNECT_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS, DB_QUERY_TIMEOUT_MS.
 */
export function driverOptionsFromEnv(env = process.env): DriverOptions {
  const number = (value: string | undefined) => (value ? Number(value) : undefined);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    pgliteDir: env.PGLITE_DIR || '.data/pglite',
    pglitePort: number(env.PGLITE_PORT),
    poolSize: number(env.DB_POOL_SIZE),
    connectTimeoutMs: number(env.DB_CONNECT_TIMEOUT_MS),
    statementTimeoutMs: number(env.DB_STATEMENT_TIMEOUT_MS),
    queryTimeoutMs: number(env.DB_QUERY_TIMEOUT_MS),
  };
}

/** driverOptionsFromEnv with SERVING_TIMEOUTS where the environment sets none (gateway, subgraph processes). */
export function servingDriverOptions(env = process.env): DriverOptions {
  const options = driverOptionsFromEnv(env);
  return {
    ...options,
    statementTimeoutMs: options.statementTimeoutMs ?? SERVING_TIMEOUTS.statementTimeoutMs,
    queryTimeoutMs: options.queryTimeoutMs ?? SERVING_TIMEOUTS.queryTimeoutMs,
  };
}

/**
 * A drizzle handle for one subgraph over a shared driver, counting every statement it sends
 * (including those inside transactions) at the driver boundary.
 */
export function subgraphDb(driver: Driver, counter: StatementCounter = { count: 0 }): DB {
  if (driver.kind === 'pg') return drizzlePg(counting(guardedPool(driver.client), counter)) as unknown as DB;
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
          counter.log?.push(captured(args));
          return traceStatement(args[0], () => value.apply(obj, args));
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

/** Resolves when the database answers `select 1` (readiness probes; sent on the raw driver so no subgraph's statement count moves). */
export async function pingDatabase(driver: Driver): Promise<void> {
  await queryRows(driver, 'select 1');
}
