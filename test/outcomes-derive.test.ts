// Re-deriving one person's outcome facts from two transactions at once (a docket event and an
// enrollment event about the same person, applied together: the consumer's offsets are per source)
// must not fail: the second waits for the first and replaces what it wrote. On PGlite, one
// connection serialises everything, so this guards the PostgreSQL pass.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows, subgraphDb } from '../kit/database/db.js';
import { seed } from '../scripts/lib/seed/index.js';
import { deriveFacts } from '../subgraphs/outcomes/derive.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seed(database.driver, { enrollees: 120, seed: 3 });
}, 120_000);
afterAll(() => database?.drop());

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
});
