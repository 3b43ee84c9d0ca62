// Where test/outcomes.e2e.test.ts runs its second computation (outcomes-reference.ts), which joins
// the source domains' tables as the definitions read. On one database that is the stack's own. With
// four (TEST_TOPOLOGY=four-databases) no database holds them all, so the five source tables are
// copied, as they are at that moment, into one scratch database migrated like a one-database
// system, and the reference SQL runs there: the only place the domains meet, in this test only.
import { queryRows } from '../../kit/database/db.js';
import { createScratchDatabase, type ScratchDatabase } from '../../scripts/lib/scratch-database.js';
import { separateDatabases } from './database.js';
import type { TestStack } from './stack.js';

/** The tables the reference SQL reads, parents before children. */
const SOURCE_TABLES = ['enrollment.enrollees', 'enrollment.enrollments', 'docket.cases', 'docket.hearings', 'legal.representations'] as const;

export interface ReferenceDatabase {
  /** The source tables as they are now (copied once, on four databases), to run reference queries over. */
  current(): Promise<<R>(query: string) => Promise<R[]>>;
  close(): Promise<void>;
}

export async function referenceDatabase(stack: TestStack): Promise<ReferenceDatabase> {
  if (!separateDatabases) return { current: async () => (query) => stack.sql(query), close: async () => {} };
  const copy: ScratchDatabase = await createScratchDatabase(process.env.DATABASE_URL, 'sg_outcomes_reference');
  // Reference tables (field offices, courts) are not copied, and foreign keys are not what is
  // checked here: the copy's are dropped.
  const keys = await queryRows<{ name: string; relation: string }>(
    copy.driver,
    `select conname as name, conrelid::regclass::text as relation from pg_constraint where contype = 'f' and connamespace::regnamespace::text in ('enrollment', 'docket', 'legal')`,
  );
  for (const key of keys) await queryRows(copy.driver, `alter table ${key.relation} drop constraint "${key.name}"`);
  const refresh = async () => {
    await queryRows(copy.driver, `truncate ${[...SOURCE_TABLES].reverse().join(', ')} cascade`);
    for (const table of SOURCE_TABLES) {
      const [{ rows }] = (await queryRows<{ rows: unknown }>(stack.database.databases.of(table.split('.')[0]!), `select coalesce(json_agg(t), '[]'::json) as rows from ${table} t`)) as [{ rows: unknown }];
      await queryRows(copy.driver, `insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [JSON.stringify(rows)]);
    }
  };
  return {
    async current() {
      await refresh();
      return (query) => queryRows(copy.driver, query);
    },
    close: () => copy.drop(),
  };
}
