// The court-docket subgraph's mutations, in-process over a real database (PGlite, or Postgres when
// DATABASE_URL is set): business rules and their codes, validation, the audit trail, atomicity,
// fresh reads after a write, and the races the mutations guard (serial on PGlite, real on Postgres).
import { asc, eq } from 'drizzle-orm';
import { createContext } from '../../subgraphs/shared/subgraph-server.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docket } from '../../subgraphs/docket/server.js';
import { auditEvents, cases, hearings, type CaseRow } from '../../subgraphs/docket/db/schema.js';
import { DEVELOPMENT_CALLER, type Caller } from '../../kit/identity/caller.js';
import { queryRows, subgraphDb } from '../../kit/database/db.js';
import { buildSubgraphServer } from '../../subgraphs/shared/subgraph-server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { subgraphClient } from '../support/subgraph.js';

const fixedNow = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const fromNow = (ms: number) => new Date(fixedNow.getTime() + ms);
const iso = (ms: number) => fromNow(ms).toISOString();

let database: TestDatabase;
let client: Awaited<ReturnType<typeof subgraphClient>>;
const db = () => subgraphDb(database.driver);

beforeAll(async () => {
  database = await createTestDatabase();
  client = await subgraphClient(docket, db(), () => fixedNow);
});
afterAll(async () => {
  await client?.stop();
  await database?.drop();
});

// ---- Fixtures: each test gets people of its own, so tests never see each other's rows.

let serial = 0;
const newANumber = () => `A3000${String(++serial).padStart(5, '0')}`;

async function caseFor(values: Partial<typeof cases.$inferInsert> = {}): Promise<CaseRow> {
  const [row] = await db()
    .insert(cases)
    .values({ aNumber: newANumber(), caseType: 'REMOVAL', courtCode: 'CHI', status: 'PENDING', noticeToAppearDate: '2025-01-15', ...values })
    .returning();
  return row!;
}

async function hearing(c: CaseRow, values: Partial<typeof hearings.$inferInsert> & { scheduledAt: Date }) {
  const [row] = await db()
    .insert(hearings)
    .values({ caseId: c.id, aNumber: c.aNumber, courtCode: c.courtCode, calendar: 'MASTER', medium: 'IN_PERSON', status: 'SCHEDULED', ...values })
    .returning();
  return row!;
}

const hearingsOf = (caseId: string) => db().select().from(hearings).where(eq(hearings.caseId, caseId)).orderBy(asc(hearings.scheduledAt));
const caseRow = async (id: string) => (await db().select().from(cases).where(eq(cases.id, id)))[0]!;
const auditOf = (aNumber: string) => db().select().from(auditEvents).where(eq(auditEvents.aNumber, aNumber)).orderBy(asc(auditEvents.recordType));

/** Everything stored about a case: its row, its hearings and its person's audit trail. */
async function snapshot(c: CaseRow) {
  return { case: await caseRow(c.id), hearings: await hearingsOf(c.id), audit: await auditOf(c.aNumber) };
}

// ---- Running operations.

type Result = Awaited<ReturnType<typeof client.execute>>;

async function execute(query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  return JSON.parse(JSON.stringify(await client.execute(query, variables))) as Result;
}

async function data(query: string, variables: Record<string, unknown> = {}) {
  const result = await execute(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** Asserts the operation failed with exactly one error of this code, naming this input field. */
async function refused(query: string, variables: Record<string, unknown>, code: string, field?: string) {
  const result = await execute(query, variables);
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  if (field) expect(result.errors![0]!.extensions?.field).toBe(field);
  // Input errors name the field in the message too, for a reader without the extensions.
  if (field && code === 'BAD_USER_INPUT') expect(result.errors![0]!.message).toContain(field);
  return result.errors![0]!;
}

const codesOf = (results: Result[]) => results.map((r) => (r.errors ? String(r.errors[0]!.extensions?.code) : 'OK')).sort();

const SCHEDULE = `mutation($input: ScheduleHearingInput!) {
  scheduleHearing(input: $input) {
    id scheduledAt localDate localTime timeZone status calendar medium judge courtroom attendance adjournmentReason
    court { code } respondent { aNumber } rescheduledAs { id } immigrationCase { id hearings { id } }
  }
}`;

const RESCHEDULE = `mutation($input: RescheduleHearingInput!) {
  rescheduleHearing(input: $input) {
    id scheduledAt status calendar medium judge courtroom court { code } respondent { aNumber } rescheduledAs { id }
    immigrationCase { id hearings { id status adjournmentReason rescheduledAs { id } } }
  }
}`;

const OUTCOME = `mutation($input: RecordHearingOutcomeInput!) {
  recordHearingOutcome(input: $input) {
    id status attendance
    immigrationCase { id status decision inAbsentia decidedAt hearings { id status } }
  }
}`;

const NEXT_HEARING = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Enrollee {
  nextHearing { id scheduledAt } upcoming: hearings(when: UPCOMING) { totalCount edges { node { id } } }
} } }`;
const person = (aNumber: string) => ({ __typename: 'Enrollee', aNumber });

describe('scheduleHearing', () => {
  it('schedules a hearing at the case’s court for its respondent, and audits it with judge and courtroom redacted', async () => {
    const c = await caseFor({ courtCode: 'NYC' });
    const { scheduleHearing } = await data(SCHEDULE, {
      input: { caseId: c.id.toUpperCase(), scheduledAt: '2026-04-20T13:30:00Z', calendar: 'INDIVIDUAL', medium: 'VIDEO', judge: '  Judge Amara Okafor ', courtroom: '12B' },
    });
    expect(scheduleHearing).toEqual({
      id: expect.any(String),
      scheduledAt: '2026-04-20T13:30:00.000Z',
      localDate: '2026-04-20',
      localTime: '09:30:00',
      timeZone: 'America/New_York',
      status: 'SCHEDULED',
      calendar: 'INDIVIDUAL',
      medium: 'VIDEO',
      judge: 'Judge Amara Okafor',
      courtroom: '12B',
      attendance: null,
      adjournmentReason: null,
      court: { code: 'NYC' },
      respondent: { aNumber: c.aNumber },
      rescheduledAs: null,
      // The nested list is read after the write, in the same request.
      immigrationCase: { id: c.id, hearings: [{ id: scheduleHearing.id }] },
    });

    const [event, ...more] = await auditOf(c.aNumber);
    expect(more).toEqual([]);
    expect(event).toMatchObject({ operation: 'scheduleHearing', recordType: 'Hearing', recordId: scheduleHearing.id, aNumber: c.aNumber, callerKind: 'development' });
    expect(event!.occurredAt.toISOString()).toBe(fixedNow.toISOString());
    expect(event!.changes).toEqual({
      caseId: { to: c.id },
      scheduledAt: { to: '2026-04-20T13:30:00.000Z' },
      calendar: { to: 'INDIVIDUAL' },
      medium: { to: 'VIDEO' },
      status: { to: 'SCHEDULED' },
      judge: { redacted: true },
      courtroom: { redacted: true },
    });
    expect(JSON.stringify(event)).not.toMatch(/Okafor|12B/);
  });

  it('stores blank judge and courtroom as null, and audits no text it did not receive', async () => {
    const c = await caseFor();
    const { scheduleHearing } = await data(SCHEDULE, { input: { caseId: c.id, scheduledAt: iso(DAY), calendar: 'MASTER', medium: 'IN_PERSON', judge: '   ' } });
    expect(scheduleHearing).toMatchObject({ judge: null, courtroom: null, court: { code: 'CHI' } });
    const [event] = await auditOf(c.aNumber);
    expect(Object.keys(event!.changes).sort()).toEqual(['calendar', 'caseId', 'medium', 'scheduledAt', 'status']);
  });

  it('shows up as the person’s next hearing in later requests', async () => {
    const c = await caseFor();
    await hearing(c, { scheduledAt: fromNow(30 * DAY) });
    const { scheduleHearing } = await data(SCHEDULE, { input: { caseId: c.id, scheduledAt: iso(7 * DAY), calendar: 'BOND', medium: 'TELEPHONIC' } });
    const [entity] = (await data(NEXT_HEARING, { reps: [person(c.aNumber)] }))._entities;
    expect(entity.nextHearing).toEqual({ id: scheduleHearing.id, scheduledAt: iso(7 * DAY) });
    expect(entity.upcoming.totalCount).toBe(2);
  });

  it('reads fresh lists and next hearing in later mutations of the same operation', async () => {
    const c = await caseFor();
    const both = `mutation($a: ScheduleHearingInput!, $b: ScheduleHearingInput!) {
      a: scheduleHearing(input: $a) { id respondent { nextHearing { id } hearings { totalCount } } immigrationCase { hearings { id } } }
      b: scheduleHearing(input: $b) { id respondent { nextHearing { id } hearings { totalCount } } immigrationCase { hearings { id } } }
    }`;
    const input = (ms: number) => ({ caseId: c.id, scheduledAt: iso(ms), calendar: 'MASTER', medium: 'VIDEO' });
    const { a, b } = await data(both, { a: input(10 * DAY), b: input(5 * DAY) });
    expect(a.respondent).toEqual({ nextHearing: { id: a.id }, hearings: { totalCount: 1 } });
    // Without clearing the loaders, `b` would read `a`'s cached next hearing, count and list.
    expect(b.respondent).toEqual({ nextHearing: { id: b.id }, hearings: { totalCount: 2 } });
    expect(b.immigrationCase.hearings.map((h: { id: string }) => h.id)).toEqual([b.id, a.id]);
  });

  it('refuses an unknown case (NOT_FOUND) and a decided case (CASE_ALREADY_DECIDED), writing nothing', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const notFound = await refused(SCHEDULE, { input: { caseId: unknown, scheduledAt: iso(DAY), calendar: 'MASTER', medium: 'VIDEO' } }, 'NOT_FOUND', 'input.caseId');
    expect(notFound.message).toContain(unknown);

    const decided = await caseFor({ status: 'COMPLETED', decision: 'DISMISSED', decidedAt: fromNow(-DAY) });
    const before = await snapshot(decided);
    await refused(SCHEDULE, { input: { caseId: decided.id, scheduledAt: iso(DAY), calendar: 'MASTER', medium: 'VIDEO' } }, 'CASE_ALREADY_DECIDED', 'input.caseId');
    expect(await snapshot(decided)).toEqual(before);
    expect(before.hearings).toEqual([]);
    expect(before.audit).toEqual([]);
  });

  it('refuses a start not after now (HEARING_IN_PAST) and more than three years ahead (BAD_USER_INPUT)', async () => {
    const c = await caseFor();
    const input = (scheduledAt: string) => ({ input: { caseId: c.id, scheduledAt, calendar: 'MASTER', medium: 'VIDEO' } });
    await refused(SCHEDULE, input(fixedNow.toISOString()), 'HEARING_IN_PAST', 'input.scheduledAt');
    await refused(SCHEDULE, input(iso(-HOUR)), 'HEARING_IN_PAST', 'input.scheduledAt');
    // Three years from 2026-03-01 is 2029-03-01 (1,096 days, over 29 February 2028).
    await refused(SCHEDULE, input('2029-03-01T12:00:00.001Z'), 'BAD_USER_INPUT', 'input.scheduledAt');
    expect(await hearingsOf(c.id)).toEqual([]);
    expect((await data(SCHEDULE, input('2029-03-01T12:00:00.000Z'))).scheduleHearing.scheduledAt).toBe('2029-03-01T12:00:00.000Z');
    expect((await data(SCHEDULE, input(iso(1)))).scheduleHearing.status).toBe('SCHEDULED');
  });

  it('refuses over-long judge and courtroom and a malformed case id, writing nothing', async () => {
    const c = await caseFor();
    const input = (extra: Record<string, unknown>) => ({ input: { caseId: c.id, scheduledAt: iso(DAY), calendar: 'MASTER', medium: 'VIDEO', ...extra } });
    await refused(SCHEDULE, input({ judge: 'j'.repeat(201) }), 'BAD_USER_INPUT', 'input.judge');
    await refused(SCHEDULE, input({ courtroom: 'c'.repeat(51) }), 'BAD_USER_INPUT', 'input.courtroom');
    await refused(SCHEDULE, input({ caseId: 'not-a-uuid' }), 'BAD_USER_INPUT');
    await refused(SCHEDULE, input({ calendar: 'TRIAL' }), 'BAD_USER_INPUT');
    expect(await snapshot(c)).toMatchObject({ hearings: [], audit: [] });
    expect((await data(SCHEDULE, input({ judge: 'j'.repeat(200), courtroom: 'c'.repeat(50) }))).scheduleHearing.courtroom).toHaveLength(50);
  });
});

describe('rescheduleHearing', () => {
  it('adjourns the hearing, links it to a new one that copies it, and audits both', async () => {
    const c = await caseFor({ courtCode: 'LOS' });
    const old = await hearing(c, { scheduledAt: fromNow(3 * DAY), calendar: 'INDIVIDUAL', medium: 'VIDEO', judge: 'Judge Rivera', courtroom: '4' });
    const { rescheduleHearing: replacement } = await data(RESCHEDULE, {
      input: { hearingId: old.id, scheduledAt: iso(20 * DAY), reason: ' Interpreter unavailable ' },
    });
    expect(replacement).toEqual({
      id: expect.any(String),
      scheduledAt: iso(20 * DAY),
      status: 'SCHEDULED',
      calendar: 'INDIVIDUAL',
      medium: 'VIDEO',
      judge: 'Judge Rivera',
      courtroom: '4',
      court: { code: 'LOS' },
      respondent: { aNumber: c.aNumber },
      rescheduledAs: null,
      immigrationCase: {
        id: c.id,
        hearings: [
          { id: old.id, status: 'ADJOURNED', adjournmentReason: 'Interpreter unavailable', rescheduledAs: { id: expect.any(String) } },
          { id: expect.any(String), status: 'SCHEDULED', adjournmentReason: null, rescheduledAs: null },
        ],
      },
    });
    expect(replacement.id).not.toBe(old.id);
    expect(replacement.immigrationCase.hearings[0].rescheduledAs.id).toBe(replacement.id);
    expect(replacement.immigrationCase.hearings[1].id).toBe(replacement.id);

    const events = await auditOf(c.aNumber);
    expect(events).toHaveLength(2);
    const byRecord = Object.fromEntries(events.map((e) => [e.recordId, e]));
    expect(byRecord[old.id]).toMatchObject({
      operation: 'rescheduleHearing',
      recordType: 'Hearing',
      changes: { status: { from: 'SCHEDULED', to: 'ADJOURNED' }, rescheduledAsId: { from: null, to: replacement.id }, adjournmentReason: { redacted: true } },
    });
    expect(byRecord[replacement.id]).toMatchObject({
      operation: 'rescheduleHearing',
      recordType: 'Hearing',
      changes: {
        caseId: { to: c.id },
        scheduledAt: { to: iso(20 * DAY) },
        calendar: { to: 'INDIVIDUAL' },
        medium: { to: 'VIDEO' },
        status: { to: 'SCHEDULED' },
        judge: { redacted: true },
        courtroom: { redacted: true },
      },
    });
    expect(JSON.stringify(events)).not.toMatch(/Interpreter|Rivera/);
  });

  it('takes medium, judge and courtroom overrides, and moves the next hearing in later requests', async () => {
    const c = await caseFor();
    const old = await hearing(c, { scheduledAt: fromNow(10 * DAY), medium: 'IN_PERSON', judge: 'Judge A', courtroom: '1' });
    await hearing(c, { scheduledAt: fromNow(60 * DAY) });
    const { rescheduleHearing } = await data(RESCHEDULE, {
      input: { hearingId: old.id, scheduledAt: iso(2 * DAY), reason: 'Weather', medium: 'TELEPHONIC', judge: 'Judge B', courtroom: '9' },
    });
    expect(rescheduleHearing).toMatchObject({ medium: 'TELEPHONIC', judge: 'Judge B', courtroom: '9', calendar: 'MASTER' });
    const [entity] = (await data(NEXT_HEARING, { reps: [person(c.aNumber)] }))._entities;
    expect(entity.nextHearing).toEqual({ id: rescheduleHearing.id, scheduledAt: iso(2 * DAY) });
    // The adjourned hearing is still listed (upcoming counts every status), now beside its replacement.
    expect(entity.upcoming.totalCount).toBe(3);
  });

  it('refuses a hearing that is not SCHEDULED, an unknown one, and bad times or reasons, writing nothing', async () => {
    const c = await caseFor();
    const held = await hearing(c, { scheduledAt: fromNow(-DAY), status: 'HELD', attendance: 'APPEARED' });
    const adjourned = await hearing(c, { scheduledAt: fromNow(DAY), status: 'ADJOURNED', adjournmentReason: 'Earlier' });
    const scheduled = await hearing(c, { scheduledAt: fromNow(2 * DAY) });
    const before = await snapshot(c);
    const input = (hearingId: string, extra: Record<string, unknown> = {}) => ({ input: { hearingId, scheduledAt: iso(30 * DAY), reason: 'Docket change', ...extra } });

    const notScheduled = await refused(RESCHEDULE, input(held.id), 'HEARING_NOT_SCHEDULED', 'input.hearingId');
    expect(notScheduled.message).toContain('HELD');
    await refused(RESCHEDULE, input(adjourned.id), 'HEARING_NOT_SCHEDULED', 'input.hearingId');
    await refused(RESCHEDULE, input('00000000-0000-4000-8000-000000000001'), 'NOT_FOUND', 'input.hearingId');
    await refused(RESCHEDULE, input(scheduled.id, { scheduledAt: iso(-DAY) }), 'HEARING_IN_PAST', 'input.scheduledAt');
    await refused(RESCHEDULE, input(scheduled.id, { scheduledAt: iso(1097 * DAY) }), 'BAD_USER_INPUT', 'input.scheduledAt');
    await refused(RESCHEDULE, input(scheduled.id, { reason: '   ' }), 'BAD_USER_INPUT', 'input.reason');
    await refused(RESCHEDULE, input(scheduled.id, { reason: 'r'.repeat(501) }), 'BAD_USER_INPUT', 'input.reason');
    await refused(RESCHEDULE, input(scheduled.id, { judge: 'j'.repeat(201) }), 'BAD_USER_INPUT', 'input.judge');
    await refused(RESCHEDULE, input(scheduled.id, { courtroom: 'c'.repeat(51) }), 'BAD_USER_INPUT', 'input.courtroom');
    expect(await snapshot(c)).toEqual(before);
  });

  it('gives exactly one replacement when two reschedules of one hearing race; the other gets HEARING_NOT_SCHEDULED', async () => {
    const c = await caseFor();
    const old = await hearing(c, { scheduledAt: fromNow(5 * DAY) });
    const results = await Promise.all(
      [10, 11].map((days) => execute(RESCHEDULE, { input: { hearingId: old.id, scheduledAt: iso(days * DAY), reason: `Attempt ${days}` } })),
    );
    expect(codesOf(results)).toEqual(['HEARING_NOT_SCHEDULED', 'OK']);
    const winner = results.find((r) => !r.errors)!.data!.rescheduleHearing;
    const rows = await hearingsOf(c.id);
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      [old.id, 'ADJOURNED'],
      [winner.id, 'SCHEDULED'],
    ]);
    expect(rows[0]!.rescheduledAsId).toBe(winner.id);
    expect(await auditOf(c.aNumber)).toHaveLength(2);
  });
});

describe('recordHearingOutcome', () => {
  it('holds the hearing with its attendance, leaving the case and its other hearings alone', async () => {
    const c = await caseFor();
    const today = await hearing(c, { scheduledAt: fromNow(-2 * HOUR) });
    const later = await hearing(c, { scheduledAt: fromNow(30 * DAY) });
    const { recordHearingOutcome } = await data(OUTCOME, { input: { hearingId: today.id, attendance: 'APPEARED' } });
    expect(recordHearingOutcome).toEqual({
      id: today.id,
      status: 'HELD',
      attendance: 'APPEARED',
      immigrationCase: {
        id: c.id,
        status: 'PENDING',
        decision: null,
        inAbsentia: false,
        decidedAt: null,
        hearings: [
          { id: today.id, status: 'HELD' },
          { id: later.id, status: 'SCHEDULED' },
        ],
      },
    });
    const events = await auditOf(c.aNumber);
    expect(events.map((e) => [e.operation, e.recordType, e.recordId, e.changes])).toEqual([
      ['recordHearingOutcome', 'Hearing', today.id, { status: { from: 'SCHEDULED', to: 'HELD' }, attendance: { from: null, to: 'APPEARED' } }],
    ]);
  });

  it('records a hearing starting exactly now', async () => {
    const c = await caseFor();
    const now = await hearing(c, { scheduledAt: fixedNow });
    expect((await data(OUTCOME, { input: { hearingId: now.id, attendance: 'APPEARED' } })).recordHearingOutcome.status).toBe('HELD');
  });

  it('with a decision, completes the case in absentia and cancels its other SCHEDULED hearings, auditing each', async () => {
    const c = await caseFor();
    const forgotten = await hearing(c, { scheduledAt: fromNow(-30 * DAY) }); // never recorded, still SCHEDULED
    const adjourned = await hearing(c, { scheduledAt: fromNow(-20 * DAY), status: 'ADJOURNED', adjournmentReason: 'Earlier' });
    const today = await hearing(c, { scheduledAt: fromNow(-HOUR), calendar: 'INDIVIDUAL' });
    const upcoming = await hearing(c, { scheduledAt: fromNow(40 * DAY) });
    const other = await caseFor({ aNumber: c.aNumber, noticeToAppearDate: '2025-06-01' });
    const otherCaseHearing = await hearing(other, { scheduledAt: fromNow(50 * DAY) });

    const { recordHearingOutcome } = await data(OUTCOME, { input: { hearingId: today.id, attendance: 'FAILED_TO_APPEAR', decision: 'REMOVAL_ORDERED' } });
    expect(recordHearingOutcome).toEqual({
      id: today.id,
      status: 'HELD',
      attendance: 'FAILED_TO_APPEAR',
      immigrationCase: {
        id: c.id,
        status: 'COMPLETED',
        decision: 'REMOVAL_ORDERED',
        inAbsentia: true,
        decidedAt: fixedNow.toISOString(),
        hearings: [
          { id: forgotten.id, status: 'CANCELLED' },
          { id: adjourned.id, status: 'ADJOURNED' },
          { id: today.id, status: 'HELD' },
          { id: upcoming.id, status: 'CANCELLED' },
        ],
      },
    });
    // Another case of the same person is untouched, and is now their next hearing.
    const [entity] = (await data(NEXT_HEARING, { reps: [person(c.aNumber)] }))._entities;
    expect(entity.nextHearing.id).toBe(otherCaseHearing.id);

    const events = await auditOf(c.aNumber);
    const changesOf = (recordId: string) => events.filter((e) => e.recordId === recordId).map((e) => e.changes);
    expect(events.every((e) => e.operation === 'recordHearingOutcome')).toBe(true);
    expect(events).toHaveLength(4);
    expect(changesOf(c.id)).toEqual([
      {
        status: { from: 'PENDING', to: 'COMPLETED' },
        decision: { from: null, to: 'REMOVAL_ORDERED' },
        inAbsentia: { from: false, to: true },
        decidedAt: { from: null, to: fixedNow.toISOString() },
      },
    ]);
    expect(events.find((e) => e.recordId === c.id)!.recordType).toBe('ImmigrationCase');
    expect(changesOf(today.id)).toEqual([{ status: { from: 'SCHEDULED', to: 'HELD' }, attendance: { from: null, to: 'FAILED_TO_APPEAR' } }]);
    expect(changesOf(forgotten.id)).toEqual([{ status: { from: 'SCHEDULED', to: 'CANCELLED' } }]);
    expect(changesOf(upcoming.id)).toEqual([{ status: { from: 'SCHEDULED', to: 'CANCELLED' } }]);
    expect(await caseRow(other.id)).toMatchObject({ status: 'PENDING' });
  });

  it('is not in absentia when the respondent appeared', async () => {
    const c = await caseFor();
    const today = await hearing(c, { scheduledAt: fromNow(-HOUR) });
    const { recordHearingOutcome } = await data(OUTCOME, { input: { hearingId: today.id, attendance: 'APPEARED', decision: 'RELIEF_GRANTED' } });
    expect(recordHearingOutcome.immigrationCase).toMatchObject({ status: 'COMPLETED', decision: 'RELIEF_GRANTED', inAbsentia: false });
  });

  it('reads the decided case and the cancelled hearings fresh in a later mutation of the same operation', async () => {
    const c = await caseFor();
    const first = await hearing(c, { scheduledAt: fromNow(-2 * DAY) });
    const second = await hearing(c, { scheduledAt: fromNow(-HOUR) });
    const upcoming = await hearing(c, { scheduledAt: fromNow(9 * DAY) });
    const fields = `respondent { nextHearing { id } } immigrationCase { status hearings { id status } }`;
    const both = `mutation($a: RecordHearingOutcomeInput!, $b: RecordHearingOutcomeInput!) {
      a: recordHearingOutcome(input: $a) { ${fields} }
      b: recordHearingOutcome(input: $b) { ${fields} }
    }`;
    const { a, b } = await data(both, {
      a: { hearingId: first.id, attendance: 'APPEARED' },
      b: { hearingId: second.id, attendance: 'APPEARED', decision: 'TERMINATED' },
    });
    expect(a.respondent.nextHearing).toEqual({ id: upcoming.id });
    expect(a.immigrationCase.status).toBe('PENDING');
    // Without clearing the loaders, `b` would read `a`'s cached case, hearing list and next hearing.
    expect(b).toEqual({
      respondent: { nextHearing: null },
      immigrationCase: {
        status: 'COMPLETED',
        hearings: [
          { id: first.id, status: 'HELD' },
          { id: second.id, status: 'HELD' },
          { id: upcoming.id, status: 'CANCELLED' },
        ],
      },
    });
  });

  it('refuses an unknown hearing, one not SCHEDULED, one not started, and a decision on a decided case, writing nothing', async () => {
    const c = await caseFor();
    const held = await hearing(c, { scheduledAt: fromNow(-DAY), status: 'HELD', attendance: 'APPEARED' });
    const future = await hearing(c, { scheduledAt: fromNow(1000) });
    const decided = await caseFor({ status: 'COMPLETED', decision: 'DISMISSED', decidedAt: fromNow(-DAY) });
    const leftover = await hearing(decided, { scheduledAt: fromNow(-HOUR) });
    const [beforeOpen, beforeDecided] = [await snapshot(c), await snapshot(decided)];

    await refused(OUTCOME, { input: { hearingId: '00000000-0000-4000-8000-000000000002', attendance: 'APPEARED' } }, 'NOT_FOUND', 'input.hearingId');
    await refused(OUTCOME, { input: { hearingId: held.id, attendance: 'APPEARED' } }, 'HEARING_NOT_SCHEDULED', 'input.hearingId');
    const notStarted = await refused(OUTCOME, { input: { hearingId: future.id, attendance: 'APPEARED', decision: 'DISMISSED' } }, 'HEARING_NOT_STARTED', 'input.hearingId');
    expect(notStarted.message).toContain(fromNow(1000).toISOString());
    await refused(OUTCOME, { input: { hearingId: leftover.id, attendance: 'APPEARED', decision: 'TERMINATED' } }, 'CASE_ALREADY_DECIDED', 'input.decision');
    await refused(OUTCOME, { input: { hearingId: held.id, attendance: 'ABSENT' } }, 'BAD_USER_INPUT');
    expect([await snapshot(c), await snapshot(decided)]).toEqual([beforeOpen, beforeDecided]);
  });

  it('records one outcome when two race on the same hearing', async () => {
    const c = await caseFor();
    const today = await hearing(c, { scheduledAt: fromNow(-HOUR) });
    const results = await Promise.all(
      (['APPEARED', 'FAILED_TO_APPEAR'] as const).map((attendance) => execute(OUTCOME, { input: { hearingId: today.id, attendance } })),
    );
    expect(codesOf(results)).toEqual(['HEARING_NOT_SCHEDULED', 'OK']);
    const winner = results.find((r) => !r.errors)!.data!.recordHearingOutcome;
    expect((await hearingsOf(c.id))[0]).toMatchObject({ status: 'HELD', attendance: winner.attendance });
    expect(await auditOf(c.aNumber)).toHaveLength(1);
  });

  it('decides a case once when decisions race on two of its hearings (no deadlock)', async () => {
    const c = await caseFor();
    const [h1, h2] = [await hearing(c, { scheduledAt: fromNow(-2 * HOUR) }), await hearing(c, { scheduledAt: fromNow(-HOUR) })];
    const results = await Promise.all(
      [
        [h1, 'RELIEF_GRANTED'],
        [h2, 'REMOVAL_ORDERED'],
      ].map(([h, decision]) => execute(OUTCOME, { input: { hearingId: (h as { id: string }).id, attendance: 'APPEARED', decision } })),
    );
    // The loser's hearing was cancelled by the winner's decision.
    expect(codesOf(results)).toEqual(['HEARING_NOT_SCHEDULED', 'OK']);
    const statuses = (await hearingsOf(c.id)).map((h) => h.status).sort();
    expect(statuses).toEqual(['CANCELLED', 'HELD']);
    expect((await auditOf(c.aNumber)).filter((e) => e.recordType === 'ImmigrationCase')).toHaveLength(1);
  });

  it('leaves no SCHEDULED hearing on a decided case when a decision races a reschedule or a new hearing', async () => {
    const c = await caseFor();
    const today = await hearing(c, { scheduledAt: fromNow(-HOUR) });
    const upcoming = await hearing(c, { scheduledAt: fromNow(10 * DAY) });
    const results = await Promise.all([
      execute(RESCHEDULE, { input: { hearingId: upcoming.id, scheduledAt: iso(20 * DAY), reason: 'Race' } }),
      execute(SCHEDULE, { input: { caseId: c.id, scheduledAt: iso(30 * DAY), calendar: 'MASTER', medium: 'VIDEO' } }),
      execute(OUTCOME, { input: { hearingId: today.id, attendance: 'APPEARED', decision: 'DISMISSED' } }),
    ]);
    const [rescheduled, scheduled, decided] = results;
    expect(decided!.errors).toBeUndefined();
    // Each loser gets its business code, never an internal error: whichever order the database chose.
    expect(['OK', 'HEARING_NOT_SCHEDULED']).toContain(codesOf([rescheduled!])[0]);
    expect(['OK', 'CASE_ALREADY_DECIDED']).toContain(codesOf([scheduled!])[0]);
    expect((await caseRow(c.id)).status).toBe('COMPLETED');
    const rows = await hearingsOf(c.id);
    expect(rows.filter((h) => h.status === 'SCHEDULED')).toEqual([]);
    expect(rows).toHaveLength(2 + (rescheduled!.errors ? 0 : 1) + (scheduled!.errors ? 0 : 1));
  });
});

describe('every mutation', () => {
  // Makes the audit insert fail for events matching `when`, after the mutation's own rows were written.
  async function failAuditWhen(name: string, when: string) {
    await queryRows(
      database.driver,
      `create trigger ${name} before insert on docket.audit_events for each row when (${when}) execute function docket.refuse_audit_change()`,
    );
  }

  it('writes neither rows nor audit when its last audit event fails', async () => {
    const c = await caseFor();
    const today = await hearing(c, { scheduledAt: fromNow(-HOUR) });
    const upcoming = await hearing(c, { scheduledAt: fromNow(10 * DAY) });
    const before = await snapshot(c);
    // Each mutation's last event: the new hearing's (schedule, reschedule), a cancelled hearing's (outcome).
    await failAuditWhen('fail_new_hearing', `new.changes->'caseId'->>'to' = '${c.id}'`);
    await failAuditWhen('fail_cancelled', `new.record_id = '${upcoming.id}' and new.operation = 'recordHearingOutcome'`);

    await refused(SCHEDULE, { input: { caseId: c.id, scheduledAt: iso(DAY), calendar: 'MASTER', medium: 'VIDEO' } }, 'INTERNAL_SERVER_ERROR');
    await refused(RESCHEDULE, { input: { hearingId: upcoming.id, scheduledAt: iso(20 * DAY), reason: 'Rolled back' } }, 'INTERNAL_SERVER_ERROR');
    await refused(OUTCOME, { input: { hearingId: today.id, attendance: 'APPEARED', decision: 'DISMISSED' } }, 'INTERNAL_SERVER_ERROR');
    expect(await snapshot(c)).toEqual(before);

    await queryRows(database.driver, 'drop trigger fail_new_hearing on docket.audit_events');
    await queryRows(database.driver, 'drop trigger fail_cancelled on docket.audit_events');
    expect((await data(OUTCOME, { input: { hearingId: today.id, attendance: 'APPEARED', decision: 'DISMISSED' } })).recordHearingOutcome.status).toBe('HELD');
  });

  it('requires the docket:write scope, writing nothing without it', async () => {
    const c = await caseFor();
    const today = await hearing(c, { scheduledAt: fromNow(-HOUR) });
    const before = await snapshot(c);
    const reader: Caller = { ...DEVELOPMENT_CALLER, id: 'reader', scopes: new Set(['docket:read', 'audit:read']) };
    const server = buildSubgraphServer(docket);
    await server.start();
    try {
      const run = async (query: string, variables: Record<string, unknown>) => {
        const response = await server.executeOperation(
          { query, variables },
          { contextValue: createContext(docket, db(), reader, fixedNow) },
        );
        if (response.body.kind !== 'single') throw new Error('expected a single result');
        return response.body.singleResult.errors?.map((e) => e.extensions?.code);
      };
      expect(await run(SCHEDULE, { input: { caseId: c.id, scheduledAt: iso(DAY), calendar: 'MASTER', medium: 'VIDEO' } })).toEqual(['FORBIDDEN']);
      expect(await run(RESCHEDULE, { input: { hearingId: today.id, scheduledAt: iso(DAY), reason: 'x' } })).toEqual(['FORBIDDEN']);
      expect(await run(OUTCOME, { input: { hearingId: today.id, attendance: 'APPEARED' } })).toEqual(['FORBIDDEN']);
    } finally {
      await server.stop();
    }
    expect(await snapshot(c)).toEqual(before);
  });
});
