// pg-boss over one of our drizzle handles (a database or an open transaction), through pg-boss's
// "bring your own connection" hook (`{ executeSql }`). Going through our handle, not a pool pg-boss
// would open itself, keeps one code path for Postgres and embedded PGlite, counts and traces its
// statements like every other, and lets a job be queued inside the transaction that makes it owed,
// so a committed change always has its job and a rolled-back one never does.
//
// The client under a drizzle handle (its session's `client`: a pg Pool or PoolClient, a PGlite or
// its open transaction) is drizzle's internal field; pinned with drizzle-orm in package.json.
import type { DB } from './db.js';

/** pg-boss's database contract (its `Db` type). */
export interface JobQueueDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
  /** PGlite only: runs a script of several statements (pg-boss installs its schema as one). */
  exec?(text: string): Promise<{ rows: any[] }[]>;
}

const clientOf = (db: DB): Queryable => (db as unknown as { session: { client: Queryable } }).session.client;

// PGlite types a parameter by the statement's own cast, and needs a JSON value as text; pg does the
// same conversion itself.
const asParameter = (value: unknown) => (value !== null && typeof value === 'object' && !(value instanceof Date) && !Array.isArray(value) && !Buffer.isBuffer(value) ? JSON.stringify(value) : value);

export function jobQueueDb(db: DB): JobQueueDb {
  const client = clientOf(db);
  return {
    async executeSql(text, values) {
      if (!values?.length && client.exec) {
        const results = await client.exec(text);
        return results.at(-1) ?? { rows: [] };
      }
      return client.query(text, values?.map(asParameter));
    },
  };
}
