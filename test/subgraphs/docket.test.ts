// The court-docket subgraph on its own: root fields and `_entities` straight to it, over a real
// database (PGlite, or Postgres when DATABASE_URL is set).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docket } from '../../subgraphs/docket/server.js';
import { cases, hearings } from '../../subgraphs/docket/db/schema.js';
import { subgraphDb, type StatementCounter } from '../../kit/database/db.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { subgraphClient } from '../support/subgraph.js';

const fixedNow = new Date('2026-03-01T12:00:00.000Z');

let database: TestDatabase;
let client: Awaited<ReturnType<typeof subgraphClient>>;
const counter: StatementCounter = { count: 0 };
const db = () => subgraphDb(database.driver);

type HearingFixture = Partial<typeof hearings.$inferInsert> & { scheduledAt: Date };

async function caseFor(aNumber: string, noticeToAppearDate: string, courtCode = 'CHI') {
  const [row] = await db()
    .insert(cases)
    .values({ aNumber, caseType: 'REMOVAL', courtCode, status: 'PENDING', noticeToAppearDate })
    .returning();
  return row!;
}

async function hearing(c: { id: string; aNumber: string; courtCode: string }, values: HearingFixture) {
  const [row] = await db()
    .insert(hearings)
    .values({ caseId: c.id, aNumber: c.aNumber, courtCode: c.courtCode, calendar: 'MASTER', medium: 'IN_PERSON', status: 'SCHEDULED', ...values })
    .returning();
  return row!;
}

async function execute(query: string, variables: Record<string, unknown> = {}) {
  return JSON.parse(JSON.stringify(await client.execute(query, variables))) as Awaited<ReturnType<typeof client.execute>>;
}

async function data(query: string, variables: Record<string, unknown> = {}) {
  const result = await execute(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function badInput(query: string, variables: Record<string, unknown> = {}, code = 'BAD_USER_INPUT') {
  const result = await execute(query, variables);
  expect(result.errors?.length).toBeGreaterThan(0);
  expect(result.errors!.map((e) => e.extensions?.code)).toEqual(result.errors!.map(() => code));
  return result;
}

const HEARINGS = `query($reps: [_Any!]!, $when: HearingTimeFilter, $first: Int, $after: String) {
  _entities(representations: $reps) {
    ... on Enrollee {
      aNumber
      hearings(when: $when, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id scheduledAt status } }
      }
    }
  }
}`;

const person = (aNumber: string) => ({ __typename: 'Enrollee', aNumber });

beforeAll(async () => {
  database = await createTestDatabase();
  client = await subgraphClient(docket, subgraphDb(database.driver, counter), () => fixedNow);
});
afterAll(async () => {
  await client?.stop();
  await database?.drop();
});

describe('courts', () => {
  it('loads the EOIR reference courts with their zones, city-only addresses', async () => {
    const { courts, court } = await data(`{ courts { code } court(code: "chi") { code name timeZone address { line1 city state } } }`);
    expect(courts.length).toBeGreaterThanOrEqual(60);
    expect(court).toEqual({ code: 'CHI', name: expect.stringContaining('Chicago'), timeZone: 'America/Chicago', address: { line1: null, city: 'Chicago', state: 'IL' } });
  });

  it('gives null for an unknown court code', async () => {
    expect((await data(`{ court(code: "XXX") { code } }`)).court).toBeNull();
  });
});

describe('a person’s hearings', () => {
  // A100000001: two cases, five hearings around "now" (2026-03-01T12:00Z).
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const older = await caseFor('A100000001', '2024-05-01');
    const newer = await caseFor('A100000001', '2025-02-01', 'NYC');
    ids.olderCase = older.id;
    ids.newerCase = newer.id;
    ids.past1 = (await hearing(older, { scheduledAt: new Date('2025-01-10T15:00:00Z'), status: 'HELD', attendance: 'APPEARED' })).id;
    ids.past2 = (await hearing(older, { scheduledAt: new Date('2025-09-10T15:00:00Z'), status: 'ADJOURNED', adjournmentReason: 'Judge unavailable' })).id;
    ids.adjournedAhead = (await hearing(newer, { scheduledAt: new Date('2026-03-02T14:00:00Z'), status: 'ADJOURNED', adjournmentReason: 'Interpreter' })).id;
    ids.next = (await hearing(newer, { scheduledAt: new Date('2026-04-20T13:30:00Z') })).id;
    ids.later = (await hearing(newer, { scheduledAt: new Date('2026-09-01T13:30:00Z') })).id;
    // Another person with one past hearing.
    const other = await caseFor('A100000002', '2023-01-01');
    ids.other = (await hearing(other, { scheduledAt: new Date('2024-01-01T15:00:00Z'), status: 'HELD' })).id;
  });

  it('lists cases newest Notice to Appear first', async () => {
    const { _entities } = await data(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enrollee { cases { id noticeToAppearDate court { code } hearings { id } } } } }`, {
      reps: [person('A100000001')],
    });
    expect(_entities[0].cases.map((c: { id: string }) => c.id)).toEqual([ids.newerCase, ids.olderCase]);
    expect(_entities[0].cases[0].court.code).toBe('NYC');
    expect(_entities[0].cases[1].hearings.map((h: { id: string }) => h.id)).toEqual([ids.past1, ids.past2]);
  });

  it('splits upcoming (soonest first) from past (newest first), with counts', async () => {
    const reps = [person('A100000001')];
    const upcoming = (await data(HEARINGS, { reps, when: 'UPCOMING' }))._entities[0].hearings;
    expect(upcoming.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids.adjournedAhead, ids.next, ids.later]);
    expect(upcoming.totalCount).toBe(3);
    const past = (await data(HEARINGS, { reps, when: 'PAST' }))._entities[0].hearings;
    expect(past.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids.past2, ids.past1]);
    expect(past.totalCount).toBe(2);
    const all = (await data(HEARINGS, { reps }))._entities[0].hearings;
    expect(all.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids.later, ids.next, ids.adjournedAhead, ids.past2, ids.past1]);
  });

  it('pages through hearings with cursors, the same list as one page', async () => {
    const reps = [person('A100000001')];
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { id: string } }[] } = (
        await data(HEARINGS, { reps, first: 2, after })
      )._entities[0].hearings;
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual([ids.later, ids.next, ids.adjournedAhead, ids.past2, ids.past1]);
  });

  it('gives the soonest SCHEDULED hearing after now as nextHearing, skipping adjourned ones', async () => {
    const { _entities } = await data(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enrollee { aNumber nextHearing { id } } } }`, {
      reps: [person('A100000001'), person('A100000002'), person('A999999999')],
    });
    expect(_entities).toEqual([
      { aNumber: 'A100000001', nextHearing: { id: ids.next } },
      { aNumber: 'A100000002', nextHearing: null },
      { aNumber: 'A999999999', nextHearing: null },
    ]);
  });

  it('reads the hearing on the court’s clock', async () => {
    const { hearing } = await data(`query($id: UUID!) { hearing(id: $id) { scheduledAt localDate localTime timeZone court { code } respondent { aNumber } immigrationCase { id } } }`, {
      id: ids.next,
    });
    // 13:30Z on 20 April is 09:30 in New York (EDT).
    expect(hearing).toEqual({
      scheduledAt: '2026-04-20T13:30:00.000Z',
      localDate: '2026-04-20',
      localTime: '09:30:00',
      timeZone: 'America/New_York',
      court: { code: 'NYC' },
      respondent: { aNumber: 'A100000001' },
      immigrationCase: { id: ids.newerCase },
    });
  });

  it('loads many people’s pages, counts and next hearings in a fixed number of statements', async () => {
    const query = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enrollee {
      nextHearing { id localTime } cases { id }
      upcoming: hearings(when: UPCOMING, first: 2) { totalCount edges { node { id } } }
      past: hearings(when: PAST, first: 2) { totalCount edges { node { id } } } } } }`;
    const statementsFor = async (reps: unknown[]) => {
      const before = counter.count;
      await data(query, { reps });
      return counter.count - before;
    };
    const one = await statementsFor([person('A100000001')]);
    const many = await statementsFor(['A100000001', 'A100000002', ...Array.from({ length: 30 }, (_, i) => `A2000000${String(i).padStart(2, '0')}`)].map(person));
    expect(many).toBe(one);
    expect(one).toBeLessThanOrEqual(7);
  });

  it('refuses a page size over 100 and a forged cursor', async () => {
    await badInput(HEARINGS, { reps: [person('A100000001')], first: 101 });
    await badInput(HEARINGS, { reps: [person('A100000001')], after: Buffer.from('"nope"').toString('base64url') }, 'INVALID_CURSOR');
  });

  it('refuses a malformed A-number in an entity representation', async () => {
    const result = await badInput(HEARINGS, { reps: [person('12-34')] });
    expect(result.errors![0]!.message).toContain('not an A-number');
  });
});

describe('courtCalendar', () => {
  const ids: string[] = [];

  beforeAll(async () => {
    const c = await caseFor('A100000010', '2025-06-01', 'LOS');
    // 2026-03-10 in Los Angeles (PDT from 8 March, UTC-7) runs 07:00Z on the 10th to 07:00Z on the 11th.
    await hearing(c, { scheduledAt: new Date('2026-03-10T06:59:00Z') }); // 23:59 on the 9th, local
    ids.push((await hearing(c, { scheduledAt: new Date('2026-03-10T07:00:00Z') })).id); // 00:00 local
    ids.push((await hearing(c, { scheduledAt: new Date('2026-03-10T16:00:00Z') })).id);
    ids.push((await hearing(c, { scheduledAt: new Date('2026-03-10T16:00:00Z'), courtroom: '2' })).id);
    ids.push((await hearing(c, { scheduledAt: new Date('2026-03-11T06:59:00Z') })).id); // 23:59 local
    await hearing(c, { scheduledAt: new Date('2026-03-11T07:00:00Z') }); // the 11th, local
  });

  const CALENDAR = `query($code: String!, $date: Date!, $first: Int, $after: String) {
    courtCalendar(courtCode: $code, date: $date, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { id localDate } }
    }
  }`;

  it('holds exactly the hearings of that local day, in start order, paged', async () => {
    const first = (await data(CALENDAR, { code: 'los', date: '2026-03-10', first: 3 })).courtCalendar;
    expect(first.totalCount).toBe(4);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await data(CALENDAR, { code: 'LOS', date: '2026-03-10', first: 3, after: first.pageInfo.endCursor })).courtCalendar;
    expect(second.pageInfo.hasNextPage).toBe(false);
    const got = [...first.edges, ...second.edges].map((e: { node: { id: string; localDate: string } }) => e.node);
    expect(got.map((h) => h.localDate)).toEqual(['2026-03-10', '2026-03-10', '2026-03-10', '2026-03-10']);
    expect(new Set(got.map((h) => h.id))).toEqual(new Set(ids));
    expect(got[0]!.id).toBe(ids[0]);
    expect(got[3]!.id).toBe(ids[3]);
  });

  it('is empty on a day with nothing, and refuses an unknown court', async () => {
    expect((await data(CALENDAR, { code: 'LOS', date: '2026-03-12' })).courtCalendar).toEqual({ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
    const result = await badInput(CALENDAR, { code: 'ZZZ', date: '2026-03-10' });
    expect(result.errors![0]!.message).toContain('ZZZ');
  });

  it('refuses a malformed date', async () => {
    await badInput(CALENDAR, { code: 'LOS', date: '2026-02-30' });
  });
});
