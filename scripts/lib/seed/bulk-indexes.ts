// A large seed loads its tables without their secondary indexes and builds them once at the end:
// one sorted build per index instead of tens of millions of inserts at random places in B-trees on
// UUIDs, each first touch after a checkpoint writing a full page to the WAL. Indexes that back a
// constraint (primary keys, unique) stay, so the load is checked as before. The definitions dropped
// are recorded in the same transaction as the drop, in a table of the database's own, and any left
// there (a seed that died mid-load) are built again by the next seed before anything else.
import { queryRows as query, type Driver } from '../../../kit/database/db.js';

const LEDGER = 'public.seed_dropped_indexes';

async function ensureLedger(driver: Driver): Promise<void> {
  await query(driver, `create table if not exists ${LEDGER} (name text primary key, definition text not null)`);
}

/** Builds every index an earlier seed dropped and did not build again. */
export async function restoreDroppedIndexes(driver: Driver): Promise<number> {
  await ensureLedger(driver);
  const left = await query<{ name: string; definition: string }>(driver, `select name, definition from ${LEDGER} order by name`);
  for (const index of left) {
    await query(driver, index.definition.replace(/^CREATE (UNIQUE )?INDEX /, 'CREATE $1INDEX IF NOT EXISTS '));
    await query(driver, `delete from ${LEDGER} where name = $1`, [index.name]);
  }
  return left.length;
}

/** Drops the secondary (non-constraint) indexes of `tables` (schema.name), recording each in the ledger first. */
export async function dropSecondaryIndexes(driver: Driver, tables: readonly string[]): Promise<number> {
  await ensureLedger(driver);
  const indexes = await query<{ name: string; definition: string }>(
    driver,
    `select format('%I.%I', i.schemaname, i.indexname) as name, i.indexdef as definition
     from pg_indexes i
     where format('%I.%I', i.schemaname, i.tablename) = any($1::text[])
       and not exists (select 1 from pg_constraint c where c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
     order by 1`,
    [tables],
  );
  for (const index of indexes) {
    await query(driver, `insert into ${LEDGER} (name, definition) values ($1, $2) on conflict (name) do nothing`, [index.name, index.definition]);
    await query(driver, `drop index if exists ${index.name}`);
  }
  return indexes.length;
}
