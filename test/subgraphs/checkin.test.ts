// The check-in subgraph on its own: `_entities` representations straight to it, over a real database
// (PGlite, or Postgres when DATABASE_URL is set), with "now" pinned so windows are predictable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertPerson, type RowFixture, type TermFixture } from '../support/checkin-fixtures.js';
import { checkin } from '../../subgraphs/checkin/server.js';
import { subgraphDb, type StatementCounter } from '../../kit/database/db.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { subgraphClient } from '../support/subgraph.js';

const fixedNow = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(fixedNow.getTime() - ms);
const iso = (d: Date) => d.toISOString();


const ENTITY = `query($reps: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $reps) {
    ... on Enrollee {
      id
      checkIns(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node {
          id dueWindow { opensAt closesAt } submittedAt method identityVerification
          location { latitude longitude accuracyMeters } outcome excuseReason
        } }
      }
      lastCheckIn { id submittedAt outcome dueWindow { opensAt closesAt } }
      nextCheckInDue { opensAt closesAt }
      compliance { onTimeRate30d onTimeRate90d missedLast30d consecutiveMisses level }
      checkInSchedule { cadence windowHours startsAt }
    }
  }
}`;

let database: TestDatabase;
let client: Awaited<ReturnType<typeof subgraphClient>>;
const counter: StatementCounter = { count: 0 };
let serial = 0;

/** Inserts a person, their enrollment periods (the last one current) and check-in rows. */
async function person(terms: TermFixture[], rows: RowFixture[] = []): Promise<string> {
  serial++;
  return insertPerson(subgraphDb(database.driver), { aNumber: `A${String(200_000_000 + serial)}`, familyName: `Person ${serial}` }, terms, rows);
}

/** Runs the operation and returns the result as a client would see it (DateTime as ISO strings). */
async function execute(variables: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(await client.execute(ENTITY, variables))) as Awaited<ReturnType<typeof client.execute>>;
}

async function entity(id: string, variables: { first?: number; after?: string } = {}) {
  const result = await execute({ reps: [{ __typename: 'Enrollee', id }], ...variables });
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0];
}

// A weekly SmartLINK term (24-hour windows) whose 10th window opened 12 hours before now.
const weeklyStart = ago(70 * DAY + 12 * HOUR);
const weeklyTerm: TermFixture = { technology: 'SMARTLINK', cadence: 'WEEKLY', startedAt: weeklyStart };
const opens = (k: number) => new Date(weeklyStart.getTime() + k * 7 * DAY);
const onTime = (k: number): RowFixture => ({ dueAt: opens(k), submittedAt: new Date(opens(k).getTime() + HOUR), method: 'APP_PHOTO', verification: 'MATCHED' });

beforeAll(async () => {
  database = await createTestDatabase();
  client = await subgraphClient(checkin, subgraphDb(database.driver, counter), () => fixedNow);
});
afterAll(async () => {
  await client?.stop();
  await database?.drop();
});

describe('windows and outcomes', () => {
  it('counts every closed window with no row as missed, and keeps the open one out of the list', async () => {
    const id = await person([weeklyTerm]);
    const e = await entity(id, { first: 100 });
    expect(e.checkIns.totalCount).toBe(9);
    expect(e.checkIns.edges.map((edge: any) => edge.node.dueWindow.opensAt)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1].map((k) => iso(opens(k))));
    expect(e.checkIns.edges.every((edge: any) => edge.node.outcome === 'MISSED' && edge.node.submittedAt === null && edge.node.method === null)).toBe(true);
    expect(e.checkIns.edges[0].node.dueWindow.closesAt).toBe(iso(new Date(opens(9).getTime() + DAY)));
    expect(e.nextCheckInDue).toEqual({ opensAt: iso(opens(10)), closesAt: iso(new Date(opens(10).getTime() + DAY)) });
    expect(e.lastCheckIn).toBeNull();
    // Windows closing 62.5 ... 6.5 days ago; those of the last 30 days are windows 6 to 9.
    expect(e.compliance).toEqual({ onTimeRate30d: 0, onTimeRate90d: 0, missedLast30d: 4, consecutiveMisses: 9, level: 'NON_COMPLIANT' });
    expect(e.checkInSchedule).toEqual({ cadence: 'WEEKLY', windowHours: 24, startsAt: iso(weeklyStart) });
  });

  it('tells on-time, late, excused and missed apart, and lists an open window once submitted', async () => {
    const id = await person(
      [weeklyTerm],
      [
        { dueAt: opens(10), submittedAt: ago(2 * HOUR), method: 'APP_PHOTO', verification: 'MATCHED', latitude: 33.749, longitude: -84.388, accuracyMeters: 12.5 },
        { dueAt: opens(9), submittedAt: new Date(opens(9).getTime() + 3 * HOUR), method: 'VOICE_CALL', verification: 'INCONCLUSIVE', latitude: 33.7 },
        { dueAt: opens(8), submittedAt: new Date(opens(8).getTime() + 30 * HOUR), method: 'OFFICE_VISIT', verification: 'MATCHED' },
        { dueAt: opens(7), excuseReason: 'Hospitalised' },
        ...[5, 4, 3, 2, 1].map(onTime),
      ],
    );
    const e = await entity(id, { first: 100 });
    expect(e.checkIns.totalCount).toBe(10);
    const nodes = e.checkIns.edges.map((edge: any) => edge.node);
    expect(nodes.map((n: any) => n.outcome)).toEqual(['ON_TIME', 'ON_TIME', 'LATE', 'EXCUSED', 'MISSED', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME']);
    expect(nodes[0]).toMatchObject({ submittedAt: iso(ago(2 * HOUR)), method: 'APP_PHOTO', identityVerification: 'MATCHED', location: { latitude: 33.749, longitude: -84.388, accuracyMeters: 12.5 } });
    // Location needs both coordinates.
    expect(nodes[1]).toMatchObject({ method: 'VOICE_CALL', identityVerification: 'INCONCLUSIVE', location: null });
    expect(nodes[3]).toMatchObject({ excuseReason: 'Hospitalised', submittedAt: null, method: null, identityVerification: null });
    expect(nodes[4]).toMatchObject({ dueWindow: { opensAt: iso(opens(6)) }, submittedAt: null, excuseReason: null });
    expect(e.lastCheckIn).toEqual({
      id: nodes[0].id,
      submittedAt: iso(ago(2 * HOUR)),
      outcome: 'ON_TIME',
      dueWindow: { opensAt: iso(opens(10)), closesAt: iso(new Date(opens(10).getTime() + DAY)) },
    });
    // The open window was met, so the next one to open is due.
    expect(e.nextCheckInDue.opensAt).toBe(iso(opens(11)));
    // Last 30 days: windows 6-9 (on time, late, excused, missed): 1 of 3 counted on time.
    expect(e.compliance).toMatchObject({ missedLast30d: 1, consecutiveMisses: 0, onTimeRate90d: 0.75, level: 'NON_COMPLIANT' });
    expect(e.compliance.onTimeRate30d).toBeCloseTo(1 / 3);
  });

  it('gives stable, opaque ids', async () => {
    const id = await person([weeklyTerm], [onTime(9)]);
    const [a, b] = [await entity(id, { first: 3 }), await entity(id, { first: 3 })];
    const ids = a.checkIns.edges.map((edge: any) => edge.node.id);
    expect(ids).toEqual(b.checkIns.edges.map((edge: any) => edge.node.id));
    expect(new Set(ids).size).toBe(3);
    expect(a.lastCheckIn.id).toBe(ids[0]);
    expect(ids.every((x: string) => !x.includes(id))).toBe(true);
  });
});

describe('compliance and what is due', () => {
  it('is COMPLIANT when every window was met on time; the open window is due until submitted', async () => {
    // GPS: 72-hour windows, every 14 days; window 7 opened 2 days ago.
    const start = ago(100 * DAY);
    const windowOpens = (k: number) => new Date(start.getTime() + k * 14 * DAY);
    const id = await person(
      [{ technology: 'GPS_ANKLE_MONITOR', cadence: 'BIWEEKLY', startedAt: start }],
      [1, 2, 3, 4, 5, 6].map((k) => ({ dueAt: windowOpens(k), submittedAt: new Date(windowOpens(k).getTime() + 48 * HOUR), method: 'OFFICE_VISIT' as const, verification: 'MATCHED' as const })),
    );
    const e = await entity(id);
    expect(e.checkIns.totalCount).toBe(6);
    expect(e.checkIns.edges).toHaveLength(6);
    expect(e.compliance).toEqual({ onTimeRate30d: 1, onTimeRate90d: 1, missedLast30d: 0, consecutiveMisses: 0, level: 'COMPLIANT' });
    expect(e.nextCheckInDue).toEqual({ opensAt: iso(windowOpens(7)), closesAt: iso(new Date(windowOpens(7).getTime() + 72 * HOUR)) });
    expect(e.checkInSchedule).toEqual({ cadence: 'BIWEEKLY', windowHours: 72, startsAt: iso(start) });
  });

  it('is AT_RISK after one miss', async () => {
    const id = await person([weeklyTerm], [1, 2, 3, 4, 5, 6, 7, 8].map(onTime));
    const e = await entity(id);
    expect(e.compliance).toEqual({ onTimeRate30d: 0.75, onTimeRate90d: 8 / 9, missedLast30d: 1, consecutiveMisses: 1, level: 'AT_RISK' });
  });

  it('keeps the history of an ended enrollment but has no schedule, due window or compliance', async () => {
    // Monthly VoiceID from 400 to 200 days ago: windows open 28, 56, ... 196 days in (7 of them).
    const id = await person([{ technology: 'VOICE_ID', cadence: 'MONTHLY', startedAt: ago(400 * DAY), endedAt: ago(200 * DAY) }]);
    const e = await entity(id, { first: 100 });
    expect(e.checkIns.totalCount).toBe(7);
    expect(e.checkIns.edges).toHaveLength(7);
    expect(e.checkIns.edges[0].node.dueWindow.opensAt).toBe(iso(ago((400 - 7 * 28) * DAY)));
    expect(e.nextCheckInDue).toBeNull();
    expect(e.checkInSchedule).toBeNull();
    expect(e.compliance).toBeNull();
  });

  it('gives nothing for a person with no enrollment', async () => {
    const e = await entity('00000000-0000-4000-8000-000000000000');
    expect(e).toMatchObject({ checkIns: { totalCount: 0, edges: [] }, lastCheckIn: null, nextCheckInDue: null, compliance: null, checkInSchedule: null });
  });
});

describe('pagination', () => {
  // A weekly GPS term (72-hour windows) of 8 windows, then a biweekly SmartLINK term with 4 closed.
  const firstStart = ago(120 * DAY);
  const secondStart = ago(60 * DAY - 6 * HOUR);
  let id: string;
  beforeAll(async () => {
    id = await person([
      { technology: 'GPS_ANKLE_MONITOR', cadence: 'WEEKLY', startedAt: firstStart, endedAt: ago(60 * DAY) },
      { technology: 'SMARTLINK', cadence: 'BIWEEKLY', startedAt: secondStart },
    ]);
  });

  it('pages newest first across terms with stable cursors and the same totalCount', async () => {
    const all = (await entity(id, { first: 100 })).checkIns;
    const expected = [
      ...[4, 3, 2, 1].map((k) => [new Date(secondStart.getTime() + k * 14 * DAY), 24]),
      ...[8, 7, 6, 5, 4, 3, 2, 1].map((k) => [new Date(firstStart.getTime() + k * 7 * DAY), 72]),
    ] as [Date, number][];
    expect(all.totalCount).toBe(12);
    expect(all.edges.map((edge: any) => [edge.node.dueWindow.opensAt, edge.node.dueWindow.closesAt])).toEqual(
      expected.map(([opensAt, hours]) => [iso(opensAt), iso(new Date(opensAt.getTime() + hours * HOUR))]),
    );
    expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });

    const pages = [];
    let after: string | undefined;
    do {
      const page = (await entity(id, { first: 5, after })).checkIns;
      expect(page.totalCount).toBe(12);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== undefined);
      pages.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : undefined;
    } while (after);
    expect(pages.map((p) => p.edges.length)).toEqual([5, 5, 2]);
    // Same cursors and nodes as the single page: stable across requests.
    expect(pages.flatMap((p) => p.edges)).toEqual(all.edges);
    const again = (await entity(id, { first: 5, after: pages[0]!.pageInfo.endCursor })).checkIns;
    expect(again.edges).toEqual(pages[1]!.edges);
  });

  it('follows the active term for the schedule and what is due', async () => {
    const e = await entity(id);
    expect(e.checkInSchedule).toEqual({ cadence: 'BIWEEKLY', windowHours: 24, startsAt: iso(secondStart) });
    expect(e.nextCheckInDue.opensAt).toBe(iso(new Date(secondStart.getTime() + 5 * 14 * DAY)));
    // Closed in the last 90 days: the first term's windows 4-8 and the second term's 1-4, all missed.
    expect(e.compliance).toMatchObject({ consecutiveMisses: 9, level: 'NON_COMPLIANT', onTimeRate90d: 0 });
  });

  it('refuses a bad page size as BAD_USER_INPUT and a forged cursor as INVALID_CURSOR', async () => {
    for (const [variables, code] of [[{ first: 0 }, 'BAD_USER_INPUT'], [{ first: 101 }, 'BAD_USER_INPUT'], [{ first: 10, after: 'not-a-cursor' }, 'INVALID_CURSOR'], [{ after: Buffer.from('"yesterday"').toString('base64url') }, 'INVALID_CURSOR']] as const) {
      const result = await execute({ reps: [{ __typename: 'Enrollee', id }], ...variables });
      expect(result.errors?.[0]?.extensions?.code).toBe(code);
    }
  });
});

describe('statements', () => {
  it('sends as many statements for 20 people as for one', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(await person([weeklyTerm], [1, 3, 5, 9, 10].filter((k) => (k + i) % 3 !== 0).map(onTime)));
    }
    const run = async (some: string[]) => {
      counter.count = 0;
      const result = await execute({ reps: some.map((id) => ({ __typename: 'Enrollee', id })), first: 10 });
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities).toHaveLength(some.length);
      return counter.count;
    };
    const one = await run(ids.slice(0, 1));
    const twenty = await run(ids);
    expect(twenty).toBe(one);
    // Terms, the windows' rows, the last submissions, and one audit insert for the locations read.
    expect(one).toBe(4);
  });
});
