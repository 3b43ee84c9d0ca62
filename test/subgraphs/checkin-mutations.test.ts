// The check-in subgraph's write path on its own: recordCheckIn and excuseCheckIn over a real database
// (PGlite, or Postgres when DATABASE_URL is set), with "now" pinned so windows are predictable.
// Concurrent calls serialize on PGlite and really race on Postgres; the assertions hold on both.
import { eq } from 'drizzle-orm';
import { SensitiveReads } from '../../subgraphs/shared/sensitive-reads.js';
import { createContext } from '../../subgraphs/shared/subgraph-server.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertPerson, type RowFixture, type TermFixture } from '../support/checkin-fixtures.js';
import { checkin } from '../../subgraphs/checkin/server.js';
import { auditEvents, checkIns, idempotencyKeys } from '../../subgraphs/checkin/db/schema.js';
import type { RecordCheckInInput } from '../../subgraphs/checkin/generated/resolvers-types.js';
import { createLoaders, windowKey } from '../../subgraphs/checkin/loaders.js';
import { recordCheckIn } from '../../subgraphs/checkin/mutations/record-check-in.js';
import { DEVELOPMENT_CALLER, type Caller } from '../../kit/identity/caller.js';
import { subgraphDb, type DB } from '../../kit/database/db.js';
import { buildSubgraphServer } from '../../subgraphs/shared/subgraph-server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { subgraphClient } from '../support/subgraph.js';

const fixedNow = new Date('2026-03-01T12:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(fixedNow.getTime() - ms);
const iso = (d: Date) => d.toISOString();


const CHECK_IN_FIELDS = `id dueWindow { opensAt closesAt } submittedAt method identityVerification
  location { latitude longitude accuracyMeters } outcome excuseReason`;
const RECORD = `mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { ${CHECK_IN_FIELDS} } }`;
const EXCUSE = `mutation($input: ExcuseCheckInInput!) { excuseCheckIn(input: $input) { ${CHECK_IN_FIELDS} } }`;
const ENTITY = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enrollee {
  checkIns(first: 3) { edges { node { id dueWindow { opensAt } outcome submittedAt excuseReason } } }
  lastCheckIn { id submittedAt outcome }
  nextCheckInDue { opensAt }
  compliance { missedLast30d consecutiveMisses }
} } }`;
const AUDIT = `query($id: UUID) { checkInAuditEvents(enrolleeId: $id, first: 100) {
  totalCount edges { node { operation recordType recordId enrolleeId aNumber callerId occurredAt changes } }
} }`;

let database: TestDatabase;
let db: DB;
let client: Awaited<ReturnType<typeof subgraphClient>>;
/** The request clock; tests that need time to pass move it, and every test starts at fixedNow. */
let clock = fixedNow;
let serial = 0;

/** Inserts a person, their enrollment periods (the last one current) and check-in rows. */
async function person(terms: TermFixture[], rows: RowFixture[] = []): Promise<string> {
  serial++;
  return insertPerson(db, { aNumber: `A${String(210_000_000 + serial)}`, familyName: `Writer ${serial}` }, terms, rows);
}

type Result = Awaited<ReturnType<typeof client.execute>>;

/** Runs an operation and returns the result as a client would see it (DateTime as ISO strings). */
async function run(query: string, variables: Record<string, unknown>): Promise<Result> {
  return JSON.parse(JSON.stringify(await client.execute(query, variables))) as Result;
}

async function ok(query: string, variables: Record<string, unknown>) {
  const result = await run(query, variables);
  expect(result.errors).toBeUndefined();
  return Object.values(result.data!)[0];
}

/** The single error of a refused operation: its code, its field and its message. */
async function refused(query: string, variables: Record<string, unknown>) {
  const result = await run(query, variables);
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  return { code: error!.extensions?.code, field: error!.extensions?.field, message: error!.message };
}

const entity = async (id: string) => (await ok(ENTITY, { reps: [{ __typename: 'Enrollee', id }] }))[0];
/** The person's mutation events (responses that include `location` also append `read` events, tested elsewhere). */
const audit = async (id: string) => {
  const all = (await ok(AUDIT, { id })) as { totalCount: number; edges: { node: Record<string, any> }[] };
  const edges = all.edges.filter((e) => e.node.operation !== 'read');
  return { totalCount: all.totalCount - (all.edges.length - edges.length), edges };
};
const rowsOf = (id: string) => db.select().from(checkIns).where(eq(checkIns.enrolleeId, id));
const keyRow = (key: string) => db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, key));

/** Nothing was written for the person: no check-in rows and no audit event. */
async function expectNothingWritten(id: string, rowsBefore = 0) {
  expect(await rowsOf(id)).toHaveLength(rowsBefore);
  expect((await audit(id)).totalCount).toBe(0);
}

// A weekly SmartLINK term (24-hour windows) whose 10th window opened 12 hours before now (open).
const openStart = ago(70 * DAY + 12 * HOUR);
const openTerm: TermFixture = { technology: 'SMARTLINK', cadence: 'WEEKLY', startedAt: openStart };
const opens = (k: number) => new Date(openStart.getTime() + k * 7 * DAY);
// A weekly SmartLINK term whose 10th window opened 36 hours ago and closed 12 hours ago (late).
const closedStart = ago(70 * DAY + 36 * HOUR);
const closedTerm: TermFixture = { technology: 'SMARTLINK', cadence: 'WEEKLY', startedAt: closedStart };
const closedOpens = (k: number) => new Date(closedStart.getTime() + k * 7 * DAY);

const location = { latitude: 33.749, longitude: -84.388, accuracyMeters: 12.5 };
let keySerial = 0;
const newKey = () => `phone-${process.pid}-${++keySerial}-key`;
const checkInInput = (enrolleeId: string, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: newKey(),
  enrolleeId,
  method: 'APP_PHOTO',
  identityVerification: 'MATCHED',
  location,
  ...extra,
});

beforeAll(async () => {
  database = await createTestDatabase();
  db = subgraphDb(database.driver);
  client = await subgraphClient(checkin, db, () => clock);
});
afterAll(async () => {
  await client?.stop();
  await database?.drop();
});
beforeEach(() => {
  clock = fixedNow;
});

describe('recordCheckIn', () => {
  it('fills the open window ON_TIME, audits it without the location, and the read path follows', async () => {
    const id = await person([openTerm]);
    const input = checkInInput(id);
    const checkIn = await ok(RECORD, { input });
    expect(checkIn).toMatchObject({
      dueWindow: { opensAt: iso(opens(10)), closesAt: iso(new Date(opens(10).getTime() + DAY)) },
      submittedAt: iso(fixedNow),
      method: 'APP_PHOTO',
      identityVerification: 'MATCHED',
      location,
      outcome: 'ON_TIME',
      excuseReason: null,
    });

    const rows = await rowsOf(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dueAt: opens(10), submittedAt: fixedNow, latitude: 33.749, longitude: -84.388, accuracyMeters: 12.5 });
    expect(await keyRow(input.idempotencyKey)).toMatchObject([{ checkInId: rows[0]!.id }]);

    const trail = await audit(id);
    expect(trail.totalCount).toBe(1);
    expect(trail.edges[0]!.node).toEqual({
      operation: 'recordCheckIn',
      recordType: 'CheckIn',
      recordId: rows[0]!.id,
      enrolleeId: id,
      aNumber: null,
      callerId: 'development',
      occurredAt: iso(fixedNow),
      changes: {
        dueWindowOpensAt: { to: iso(opens(10)) },
        submittedAt: { to: iso(fixedNow) },
        method: { to: 'APP_PHOTO' },
        identityVerification: { to: 'MATCHED' },
        outcome: { to: 'ON_TIME' },
        location: { redacted: true },
      },
    });
    expect(JSON.stringify(trail)).not.toMatch(/33\.749|84\.388|12\.5/);

    // The same id the read path gives the window, so a client's cache entry updates.
    const e = await entity(id);
    expect(e.checkIns.edges[0].node).toMatchObject({ id: checkIn.id, outcome: 'ON_TIME', submittedAt: iso(fixedNow) });
    expect(e.lastCheckIn).toEqual({ id: checkIn.id, submittedAt: iso(fixedNow), outcome: 'ON_TIME' });
    expect(e.nextCheckInDue.opensAt).toBe(iso(opens(11)));
  });

  it('takes submittedAt as given, fills the window open then, and records no location when none is sent', async () => {
    const id = await person([openTerm]);
    // Seven days ago window 9 was open (it opened 7.5 days ago), though window 10 is open now.
    const submittedAt = ago(7 * DAY);
    const checkIn = await ok(RECORD, { input: checkInInput(id, { submittedAt: iso(submittedAt), location: null, method: 'VOICE_CALL' }) });
    expect(checkIn).toMatchObject({ dueWindow: { opensAt: iso(opens(9)) }, submittedAt: iso(submittedAt), method: 'VOICE_CALL', location: null, outcome: 'ON_TIME' });
    const [event] = (await audit(id)).edges;
    expect(event!.node.changes).not.toHaveProperty('location');
    expect(event!.node.changes.submittedAt).toEqual({ to: iso(submittedAt) });
  });

  it('fills a window that closed with nothing recorded as LATE, which moves compliance', async () => {
    const id = await person([closedTerm], [1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => ({ dueAt: closedOpens(k), submittedAt: new Date(closedOpens(k).getTime() + HOUR), method: 'APP_PHOTO' as const, verification: 'MATCHED' as const })));
    expect((await entity(id)).compliance).toEqual({ missedLast30d: 1, consecutiveMisses: 1 });
    const checkIn = await ok(RECORD, { input: checkInInput(id) });
    expect(checkIn).toMatchObject({ dueWindow: { opensAt: iso(closedOpens(10)) }, submittedAt: iso(fixedNow), outcome: 'LATE' });
    const e = await entity(id);
    expect(e.compliance).toEqual({ missedLast30d: 0, consecutiveMisses: 0 });
    expect(e.lastCheckIn).toMatchObject({ id: checkIn.id, outcome: 'LATE' });
    expect((await audit(id)).edges[0]!.node.changes.outcome).toEqual({ from: 'MISSED', to: 'LATE' });
  });

  it('accepts a device clock up to 5 minutes ahead of the server', async () => {
    const id = await person([openTerm]);
    const ahead = new Date(fixedNow.getTime() + 5 * MINUTE);
    expect(await ok(RECORD, { input: checkInInput(id, { submittedAt: iso(ahead) }) })).toMatchObject({ submittedAt: iso(ahead), outcome: 'ON_TIME' });
  });

  it('refuses a second check-in for a window that already has one as CHECK_IN_ALREADY_RECORDED', async () => {
    const id = await person([openTerm], [{ dueAt: opens(10), submittedAt: ago(HOUR), method: 'APP_PHOTO', verification: 'MATCHED' }]);
    const error = await refused(RECORD, { input: checkInInput(id) });
    expect(error).toMatchObject({ code: 'CHECK_IN_ALREADY_RECORDED', field: 'input.submittedAt' });
    expect(error.message).toContain(iso(opens(10)));
    await expectNothingWritten(id, 1);
  });

  it('refuses as NO_CHECK_IN_DUE when no window is open and none can take a late check-in', async () => {
    const cases: [string, TermFixture[], RowFixture[]][] = [
      // The closed window already has a check-in (or an excuse).
      ['closed window met', [closedTerm], [{ dueAt: closedOpens(10), submittedAt: closedOpens(10), method: 'APP_PHOTO', verification: 'MATCHED' }]],
      ['closed window excused', [closedTerm], [{ dueAt: closedOpens(10), excuseReason: 'Hospitalised' }]],
      // Enrolled two days ago: the first window opens in five days.
      ['no window opened yet', [{ technology: 'SMARTLINK', cadence: 'WEEKLY', startedAt: ago(2 * DAY) }], []],
      // The last window of an enrollment that ended long ago: its successor would have opened long ago.
      ['enrollment ended', [{ technology: 'SMARTLINK', cadence: 'WEEKLY', startedAt: ago(100 * DAY), endedAt: ago(60 * DAY) }], []],
    ];
    for (const [name, terms, rows] of cases) {
      const id = await person(terms, rows);
      const error = await refused(RECORD, { input: checkInInput(id) });
      expect(error, name).toMatchObject({ code: 'NO_CHECK_IN_DUE', field: 'input.submittedAt' });
      await expectNothingWritten(id, rows.length);
    }
  });

  it('refuses a person with no enrollment on record as NOT_FOUND', async () => {
    const id = '00000000-0000-4000-8000-000000000001';
    const error = await refused(RECORD, { input: checkInInput(id) });
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'input.enrolleeId' });
    await expectNothingWritten(id);
  });

  it('refuses malformed input as BAD_USER_INPUT naming the field, writing nothing', async () => {
    const id = await person([openTerm]);
    const cases: [Record<string, unknown>, string][] = [
      [{ idempotencyKey: 'short' }, 'input.idempotencyKey'],
      [{ idempotencyKey: 'has spaces in it' }, 'input.idempotencyKey'],
      [{ idempotencyKey: 'k'.repeat(129) }, 'input.idempotencyKey'],
      [{ location: { ...location, accuracyMeters: -1 } }, 'input.location.accuracyMeters'],
      [{ location: { ...location, accuracyMeters: 10_000.5 } }, 'input.location.accuracyMeters'],
      [{ submittedAt: iso(new Date(fixedNow.getTime() + 5 * MINUTE + 1)) }, 'input.submittedAt'],
      [{ submittedAt: iso(ago(7 * DAY + 1)) }, 'input.submittedAt'],
    ];
    for (const [extra, field] of cases) {
      const error = await refused(RECORD, { input: checkInInput(id, extra) });
      expect(error, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(error.message).toContain(field);
    }
    // Coordinates are checked by their scalars.
    expect((await refused(RECORD, { input: checkInInput(id, { location: { ...location, latitude: 91 } }) })).code).toBe('BAD_USER_INPUT');
    expect(await ok(RECORD, { input: checkInInput(id, { idempotencyKey: 'k'.repeat(128), location: { ...location, accuracyMeters: 10_000 } }) })).toBeTruthy();
    expect(await rowsOf(id)).toHaveLength(1);
  });

  it('is refused as FORBIDDEN without the checkin:write scope', async () => {
    const id = await person([openTerm]);
    const reader: Caller = { ...DEVELOPMENT_CALLER, id: 'reader', scopes: new Set(['checkins:read', 'audit:read']) };
    const server = buildSubgraphServer(checkin);
    await server.start();
    try {
      for (const [query, input] of [
        [RECORD, checkInInput(id)],
        [EXCUSE, { enrolleeId: id, dueWindowOpensAt: iso(opens(9)), reason: 'Ill' }],
      ] as const) {
        const response = await server.executeOperation(
          { query, variables: { input } },
          { contextValue: createContext(checkin, db, reader, fixedNow) },
        );
        expect(response.body.kind === 'single' && response.body.singleResult.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
    } finally {
      await server.stop();
    }
    await expectNothingWritten(id);
  });

  it('primes the request loaders, so later fields of the same request read the new row', async () => {
    const id = await person([openTerm]);
    const loaders = createLoaders(db, fixedNow, DEVELOPMENT_CALLER);
    // Warm the caches as an earlier field of the request would have.
    expect(await loaders.checkInByWindow.load(windowKey(id, opens(10)))).toBeNull();
    expect(await loaders.lastSubmittedByEnrolleeId.load(id)).toBeNull();
    const input: RecordCheckInInput = { idempotencyKey: newKey(), enrolleeId: id, method: 'APP_PHOTO', identityVerification: 'MATCHED' };
    const checkIn = await recordCheckIn({ db, loaders, caller: DEVELOPMENT_CALLER, now: fixedNow, sensitiveReads: new SensitiveReads() }, input);
    expect(await loaders.checkInByWindow.load(windowKey(id, opens(10)))).toEqual(checkIn.row);
    expect(await loaders.lastSubmittedByEnrolleeId.load(id)).toEqual(checkIn.row);
  });
});

describe('recordCheckIn idempotency', () => {
  it('answers a resend with the first result, even after time moved on, and records one row and one event', async () => {
    const id = await person([openTerm]);
    const input = checkInInput(id);
    const first = await ok(RECORD, { input });
    clock = new Date(fixedNow.getTime() + 2 * HOUR);
    const resent = await ok(RECORD, { input });
    // The first call's effective time (submittedAt was omitted) is what is stored and returned.
    expect(resent).toEqual(first);
    expect(resent.submittedAt).toBe(iso(fixedNow));
    expect(await rowsOf(id)).toHaveLength(1);
    expect((await audit(id)).totalCount).toBe(1);
  });

  it('refuses the same key with a different payload as IDEMPOTENCY_KEY_REUSED', async () => {
    const id = await person([openTerm]);
    const other = await person([openTerm]);
    const input = checkInInput(id);
    await ok(RECORD, { input });
    const variants: Record<string, unknown>[] = [
      { method: 'VOICE_CALL' },
      { identityVerification: 'INCONCLUSIVE' },
      { location: { ...location, accuracyMeters: 13 } },
      { location: null },
      // The effective time spelled out is still a different request from one that omitted it.
      { submittedAt: iso(fixedNow) },
      { enrolleeId: other },
    ];
    for (const variant of variants) {
      const error = await refused(RECORD, { input: { ...input, ...variant } });
      expect(error, JSON.stringify(variant)).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'input.idempotencyKey' });
      expect(error.message).toMatch(/idempotency/i);
    }
    expect(await rowsOf(id)).toHaveLength(1);
    expect((await audit(id)).totalCount).toBe(1);
    await expectNothingWritten(other);
  });

  it('does not hold the key of a refused request', async () => {
    // Three days ago no window was open and the last to close (window 9) had its check-in.
    const id = await person([openTerm], [{ dueAt: opens(9), submittedAt: opens(9), method: 'APP_PHOTO', verification: 'MATCHED' }]);
    const input = checkInInput(id, { submittedAt: iso(ago(3 * DAY)) });
    expect((await refused(RECORD, { input })).code).toBe('NO_CHECK_IN_DUE');
    expect(await keyRow(input.idempotencyKey)).toEqual([]);
    // The key is free: the corrected request goes through under it.
    expect(await ok(RECORD, { input: { ...input, submittedAt: null } })).toMatchObject({ outcome: 'ON_TIME' });
  });

  it('gives 20 concurrent resends one row, one event and 20 identical answers', async () => {
    const id = await person([openTerm]);
    const input = checkInInput(id);
    const results = await Promise.all(Array.from({ length: 20 }, () => run(RECORD, { input })));
    for (const result of results) expect(result.errors).toBeUndefined();
    const answers = new Set(results.map((r) => JSON.stringify(r.data!.recordCheckIn)));
    expect(answers.size).toBe(1);
    expect(results[0]!.data!.recordCheckIn).toMatchObject({ outcome: 'ON_TIME', submittedAt: iso(fixedNow) });
    expect(await rowsOf(id)).toHaveLength(1);
    expect((await audit(id)).totalCount).toBe(1);
  });

  it('gives one of several concurrent check-ins under different keys the window, and refuses the rest', async () => {
    for (const [term, late, code] of [
      [openTerm, false, 'CHECK_IN_ALREADY_RECORDED'],
      [closedTerm, true, 'NO_CHECK_IN_DUE'],
    ] as const) {
      const id = await person([term]);
      const results = await Promise.all(Array.from({ length: 6 }, () => run(RECORD, { input: checkInInput(id) })));
      const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort();
      expect(codes, `late: ${late}`).toEqual(['OK', ...Array<string>(5).fill(code)].sort());
      expect(await rowsOf(id)).toHaveLength(1);
      expect((await audit(id)).totalCount).toBe(1);
    }
  });
});

describe('excuseCheckIn', () => {
  it('excuses a missed window, audits it without the reason, and the read path follows', async () => {
    // Every window missed: windows 6 to 9 closed in the last 30 days.
    const id = await person([openTerm]);
    expect((await entity(id)).compliance).toEqual({ missedLast30d: 4, consecutiveMisses: 9 });
    const reason = '  Hospitalised, discharge papers on file  ';
    const checkIn = await ok(EXCUSE, { input: { enrolleeId: id, dueWindowOpensAt: iso(opens(9)), reason } });
    expect(checkIn).toMatchObject({
      dueWindow: { opensAt: iso(opens(9)), closesAt: iso(new Date(opens(9).getTime() + DAY)) },
      submittedAt: null,
      method: null,
      identityVerification: null,
      location: null,
      outcome: 'EXCUSED',
      excuseReason: reason.trim(),
    });
    const rows = await rowsOf(id);
    expect(rows).toHaveLength(1);
    const trail = await audit(id);
    expect(trail.edges.map((e) => e.node)).toEqual([
      expect.objectContaining({
        operation: 'excuseCheckIn',
        recordType: 'CheckIn',
        recordId: rows[0]!.id,
        enrolleeId: id,
        changes: { dueWindowOpensAt: { to: iso(opens(9)) }, outcome: { from: 'MISSED', to: 'EXCUSED' }, excuseReason: { redacted: true } },
      }),
    ]);
    expect(JSON.stringify(trail)).not.toContain('Hospitalised');

    const e = await entity(id);
    expect(e.checkIns.edges[0].node).toEqual({ id: checkIn.id, dueWindow: { opensAt: iso(opens(9)) }, outcome: 'EXCUSED', submittedAt: null, excuseReason: reason.trim() });
    // Excused windows are skipped by the run of misses and do not count as missed.
    expect(e.compliance).toEqual({ missedLast30d: 3, consecutiveMisses: 8 });
    // A late check-in can no longer fill it.
    expect((await refused(RECORD, { input: checkInInput(id, { submittedAt: iso(new Date(opens(9).getTime() + 36 * HOUR)) }) })).code).toBe('NO_CHECK_IN_DUE');
  });

  it('refuses a window that was not missed as CHECK_IN_NOT_MISSED', async () => {
    const id = await person([openTerm], [{ dueAt: opens(8), submittedAt: new Date(opens(8).getTime() + 30 * HOUR), method: 'OFFICE_VISIT', verification: 'MATCHED' }]);
    for (const [k, why] of [
      [10, /still open/],
      [11, /not opened yet/],
      [8, /submitted/],
    ] as const) {
      const error = await refused(EXCUSE, { input: { enrolleeId: id, dueWindowOpensAt: iso(opens(k)), reason: 'Ill' } });
      expect(error).toMatchObject({ code: 'CHECK_IN_NOT_MISSED', field: 'input.dueWindowOpensAt' });
      expect(error.message).toMatch(why);
    }
    await expectNothingWritten(id, 1);
  });

  it('refuses a window excused already as CHECK_IN_ALREADY_RECORDED', async () => {
    const id = await person([openTerm]);
    const input = { enrolleeId: id, dueWindowOpensAt: iso(opens(7)), reason: 'Court date' };
    await ok(EXCUSE, { input });
    const error = await refused(EXCUSE, { input: { ...input, reason: 'Another reason' } });
    expect(error).toMatchObject({ code: 'CHECK_IN_ALREADY_RECORDED', field: 'input.dueWindowOpensAt' });
    expect((await rowsOf(id))[0]!.excuseReason).toBe('Court date');
    expect((await audit(id)).totalCount).toBe(1);
  });

  it('refuses bad input as BAD_USER_INPUT and an unknown person as NOT_FOUND, writing nothing', async () => {
    const id = await person([openTerm]);
    const cases: [Record<string, unknown>, string][] = [
      [{ dueWindowOpensAt: iso(new Date(opens(9).getTime() + 1)) }, 'input.dueWindowOpensAt'],
      // Before the enrollment started: no window opens then.
      [{ dueWindowOpensAt: iso(new Date(openStart.getTime() - 7 * DAY)) }, 'input.dueWindowOpensAt'],
      [{ reason: '   ' }, 'input.reason'],
      [{ reason: 'x'.repeat(501) }, 'input.reason'],
    ];
    for (const [extra, field] of cases) {
      const error = await refused(EXCUSE, { input: { enrolleeId: id, dueWindowOpensAt: iso(opens(9)), reason: 'Ill', ...extra } });
      expect(error, JSON.stringify(extra)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const unknown = '00000000-0000-4000-8000-000000000002';
    expect(await refused(EXCUSE, { input: { enrolleeId: unknown, dueWindowOpensAt: iso(opens(9)), reason: 'Ill' } })).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.enrolleeId',
    });
    await expectNothingWritten(id);
    await expectNothingWritten(unknown);
    expect(await ok(EXCUSE, { input: { enrolleeId: id, dueWindowOpensAt: iso(opens(9)), reason: 'x'.repeat(500) } })).toMatchObject({ outcome: 'EXCUSED' });
  });

  it('lets exactly one of several concurrent excuses, or a racing late check-in, record the window', async () => {
    const id = await person([openTerm]);
    const input = { enrolleeId: id, dueWindowOpensAt: iso(opens(9)), reason: 'Ill' };
    const results = await Promise.all(Array.from({ length: 6 }, () => run(EXCUSE, { input })));
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK').sort()).toEqual(['CHECK_IN_ALREADY_RECORDED', 'CHECK_IN_ALREADY_RECORDED', 'CHECK_IN_ALREADY_RECORDED', 'CHECK_IN_ALREADY_RECORDED', 'CHECK_IN_ALREADY_RECORDED', 'OK']);
    expect(await rowsOf(id)).toHaveLength(1);
    expect((await audit(id)).totalCount).toBe(1);

    // A late check-in and an excuse for the same closed window: whichever commits first wins.
    const other = await person([closedTerm]);
    const [late, excuse] = await Promise.all([
      run(RECORD, { input: checkInInput(other) }),
      run(EXCUSE, { input: { enrolleeId: other, dueWindowOpensAt: iso(closedOpens(10)), reason: 'Ill' } }),
    ]);
    const outcomes = [late.errors?.[0]?.extensions?.code ?? 'OK', excuse.errors?.[0]?.extensions?.code ?? 'OK'];
    expect([
      ['OK', 'CHECK_IN_NOT_MISSED'],
      ['NO_CHECK_IN_DUE', 'OK'],
    ]).toContainEqual(outcomes);
    expect(await rowsOf(other)).toHaveLength(1);
    expect((await audit(other)).totalCount).toBe(1);
  });
});
