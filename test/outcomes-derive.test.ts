// Re-deriving one person's outcome facts from two transactions at once (a docket event and an
// enrollment event about the same person, applied together: the consumer's offsets are per source)
// must not fail: the second waits for the first and replaces what it wrote. On PGlite, one
// connection serialises everything, so this guards the PostgreSQL pass. And the cells (cells.ts),
// kept by taking back and adding each re-derived person's share, always equal a count afresh.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows, subgraphDb } from '../kit/database/db.js';
import { seed } from '../scripts/lib/seed/index.js';
import { recountAllCells, recountStatement } from '../subgraphs/outcomes/cells.js';
import { deriveFacts } from '../subgraphs/outcomes/derive.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seed(database.driver, { enrollees: 120, seed: 3 });
}, 120_000);
afterAll(() => database?.drop());

/** Turns person `a`'s first hearing held from attended to missed, or back. */
const FLIP_FIRST_ATTENDANCE = (a: string) =>
  `update outcomes.hearings_copy set attendance = case when attendance = 'APPEARED' then 'FAILED_TO_APPEAR' else 'APPEARED' end
   where hearing_id = (select hearing_id from outcomes.hearings_copy where a_number = '${a}' and status = 'HELD' order by scheduled_at limit 1)`;

/** The cells with anything in them, in key order, as text (a cell emptied by a take-back is a row of zeros). */
const nonEmptyCells = async () =>
  (await queryRows<Record<string, unknown>>(database.driver, `select * from outcomes.cells where held + people + decided + ended > 0 order by 1, 2, 3, 4, 5, 6, 7, 8`)).map((r) => JSON.stringify(r));

/** The cells as kept equal the cells counted afresh by SQL, a counting independent of the one that kept them. */
async function expectCellsAsCountedAfresh() {
  const kept = await nonEmptyCells();
  await queryRows(database.driver, 'delete from outcomes.cells');
  await queryRows(database.driver, recountStatement());
  const afresh = await nonEmptyCells();
  expect(kept.length).toBeGreaterThan(128);
  expect(kept).toEqual(afresh);
}

it('re-derives one person from two transactions at once without a duplicate fact', async () => {
  const [person] = await queryRows<{ a: string; n: number }>(
    database.driver,
    `select a_number as a, count(*)::int as n from outcomes.hearing_facts group by a_number order by count(*) desc, a_number limit 1`,
  );
  expect(person!.n).toBeGreaterThan(0);
  const db = subgraphDb(database.driver);
  let firstDerived!: () => void;
  const derivedOnce = new Promise<void>((resolve) => (firstDerived = resolve));
  const first = db.transaction(async (tx) => {
    // A change of the person's copies, so the second must start from what the first committed: a
    // second that took back the facts as they were before the first would count them wrong.
    await tx.execute(sql.raw(FLIP_FIRST_ATTENDANCE(person!.a)));
    await deriveFacts(tx as never, [person!.a]);
    firstDerived();
    // Hold the transaction open while the second one derives the same person.
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
  await derivedOnce;
  const second = db.transaction((tx) => deriveFacts(tx as never, [person!.a]));
  await Promise.all([first, second]);
  const [after] = await queryRows<{ n: number }>(database.driver, `select count(*)::int as n from outcomes.hearing_facts where a_number = '${person!.a}'`);
  expect(after!.n).toBe(person!.n);
  await expectCellsAsCountedAfresh();
});

it('keeps every cell equal to a count afresh as a person\'s hearings, counsel and enrollment change', async () => {
  const [person] = await queryRows<{ a: string }>(
    database.driver,
    `select f.a_number as a from outcomes.hearing_facts f join outcomes.exit_facts x using (a_number)
     group by f.a_number having count(distinct f.hearing_id) > 1 order by f.a_number limit 1`,
  );
  expect(person).toBeDefined();
  const db = subgraphDb(database.driver);
  const a = person!.a;
  const changes = [
    // A hearing held the other way, as HearingOutcomeRecorded would record it.
    FLIP_FIRST_ATTENDANCE(a),
    // Counsel from before every hearing: every hearing moves to the represented cells.
    `insert into outcomes.representations_copy (representation_id, a_number, filed_at) values (gen_random_uuid(), '${a}', '2000-01-01')`,
    // The enrollment never ended: its exit leaves every cell it was in.
    `update outcomes.enrollments_copy set ended_at = null, end_status = null where a_number = '${a}'`,
  ];
  for (const change of changes) {
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(change));
      await deriveFacts(tx as never, [a]);
    });
    await expectCellsAsCountedAfresh();
  }
});

it('the migration that added the cells counts them from existing facts as recountAllCells (the seed) does', async () => {
  const migration = readFileSync(new URL('../subgraphs/outcomes/db/migrations/0002_cells.sql', import.meta.url), 'utf8');
  const backfill = migration.split('--> statement-breakpoint').at(-1)!;
  expect(backfill).toMatch(/insert into outcomes\.cells/);
  const db = subgraphDb(database.driver);
  await db.execute(sql`delete from outcomes.cells`);
  await db.execute(sql.raw(backfill));
  const migrated = await nonEmptyCells();
  await recountAllCells(db);
  expect(migrated.length).toBeGreaterThan(128);
  expect(migrated).toEqual(await nonEmptyCells());
});
