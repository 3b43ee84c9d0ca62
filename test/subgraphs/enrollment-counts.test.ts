// `enrollees.totalCount` reads the trigger-kept `field_office_counts`, not a count of rows. These tests
// hold the counter to the rows it stands for through every way enrollees change: the seed's COPY,
// inserts, office moves, deletes, truncation and concurrent enrolments (which really race on Postgres).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollment } from '../../subgraphs/enrollment/server.js';
import { queryRows, subgraphDb } from '../../kit/database/db.js';
import { seed } from '../../scripts/lib/seed/index.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { subgraphClient } from '../support/subgraph.js';

let database: TestDatabase;
let client: Awaited<ReturnType<typeof subgraphClient>>;

const TOTAL = `query($filter: EnrolleeFilter) { enrollees(first: 1, filter: $filter) { totalCount } }`;

async function totalCount(filter?: Record<string, unknown>): Promise<number> {
  const result = await client.execute(TOTAL, { filter });
  expect(result.errors).toBeUndefined();
  return result.data!.enrollees.totalCount as number;
}

/** What the counter says, and what counting the rows says, per office that has people or a counter. */
async function counterAndRows(): Promise<{ counter: Record<string, number>; rows: Record<string, number> }> {
  const toMap = (list: { code: string; n: number }[]) => Object.fromEntries(list.filter((r) => r.n !== 0).map((r) => [r.code, r.n]));
  const counter = await queryRows<{ code: string; n: number }>(database.driver, 'select field_office_code as code, enrollees as n from enrollment.field_office_counts');
  const rows = await queryRows<{ code: string; n: number }>(database.driver, 'select field_office_code as code, count(*)::int as n from enrollment.enrollees group by 1');
  return { counter: toMap(counter), rows: toMap(rows) };
}

async function expectCounterTrue(): Promise<void> {
  const { counter, rows } = await counterAndRows();
  expect(counter).toEqual(rows);
}

beforeAll(async () => {
  database = await createTestDatabase();
  client = await subgraphClient(enrollment, subgraphDb(database.driver));
  await seed(database.driver, { enrollees: 300, seed: 11, asOf: new Date('2026-03-01T00:00:00Z') });
});
afterAll(async () => {
  await client?.stop();
  await database?.drop();
});

describe('enrollees.totalCount from field_office_counts', () => {
  it('matches the rows after the seed, per office and in all', async () => {
    await expectCounterTrue();
    const { rows } = await counterAndRows();
    const offices = Object.keys(rows);
    expect(offices.length).toBeGreaterThan(5);
    for (const code of offices) expect(await totalCount({ fieldOffice: code })).toBe(rows[code]);
    expect(await totalCount()).toBe(300);
  });

  it('follows inserts of several offices at once, moves between offices and deletes', async () => {
    await queryRows(
      database.driver,
      `insert into enrollment.enrollees (a_number, given_name, family_name, field_office_code)
       values ('A990000001', 'Test', 'One', 'ATL'), ('A990000002', 'Test', 'Two', 'ATL'), ('A990000003', 'Test', 'Three', 'SEA')`,
    );
    await expectCounterTrue();
    const atl = await totalCount({ fieldOffice: 'ATL' });

    await queryRows(database.driver, `update enrollment.enrollees set field_office_code = 'SEA' where a_number = 'A990000001'`);
    await expectCounterTrue();
    expect(await totalCount({ fieldOffice: 'ATL' })).toBe(atl - 1);

    // An update that moves nobody leaves the counter alone.
    await queryRows(database.driver, `update enrollment.enrollees set given_name = 'Renamed' where a_number like 'A99000000%'`);
    await expectCounterTrue();

    await queryRows(database.driver, `delete from enrollment.enrollees where a_number like 'A99000000%'`);
    await expectCounterTrue();
    expect(await totalCount()).toBe(300);
  });

  it('a rolled-back insert leaves the counter as it was', async () => {
    await expect(
      queryRows(
        database.driver,
        // The second row breaks the office foreign key, so the whole statement (and its trigger) rolls back.
        `insert into enrollment.enrollees (a_number, given_name, family_name, field_office_code)
         values ('A990000011', 'Test', 'One', 'ATL'), ('A990000012', 'Test', 'Two', 'NOPE')`,
      ),
    ).rejects.toThrow();
    await expectCounterTrue();
    expect(await totalCount()).toBe(300);
  });

  it('counts concurrent enrolments into one office, each once', async () => {
    const before = await totalCount({ fieldOffice: 'CHI' });
    const ENROLL = `mutation($input: EnrollInput!) { enroll(input: $input) { id } }`;
    const inputs = Array.from({ length: 12 }, (_, i) => ({
      // Two requests per A-number: only one of each pair enrols a new person.
      aNumber: `A98000000${Math.floor(i / 2)}`,
      givenName: 'Concurrent',
      familyName: `Person${Math.floor(i / 2)}`,
      fieldOfficeCode: 'CHI',
      technology: 'SMARTLINK',
      checkInCadence: 'WEEKLY',
    }));
    const results = await Promise.all(inputs.map((input) => client.execute(ENROLL, { input })));
    expect(results.filter((r) => r.data?.enroll).length).toBe(6);
    expect(await totalCount({ fieldOffice: 'CHI' })).toBe(before + 6);
    await expectCounterTrue();
  });

  it('filters the counter cannot answer are counted row by row', async () => {
    const [row] = await queryRows<{ n: number }>(
      database.driver,
      `select count(*)::int as n from enrollment.enrollees p join enrollment.enrollments e on e.enrollee_id = p.id and e.is_current
       where p.field_office_code = 'CHI' and e.technology = 'SMARTLINK'`,
    );
    expect(await totalCount({ fieldOffice: 'CHI', technology: 'SMARTLINK' })).toBe(row!.n);
  });

  it('truncation empties the counter', async () => {
    await queryRows(database.driver, 'truncate enrollment.enrollees cascade');
    expect((await counterAndRows()).counter).toEqual({});
    expect(await totalCount()).toBe(0);
    expect(await totalCount({ fieldOffice: 'CHI' })).toBe(0);
  });
});
