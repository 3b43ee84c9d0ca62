// The enrollment subgraph's write path in-process: enroll, changeSupervision and endEnrollment over a
// real database (PGlite, or Postgres when DATABASE_URL is set, where the concurrent calls really race).
import type { ApolloServer } from '@apollo/server';
import { createContext } from '../../subgraphs/shared/subgraph-server.js';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkin } from '../../subgraphs/checkin/server.js';
import type { Context } from '../../subgraphs/enrollment/context.js';
import { DAILY_COST_CENTS } from '../../subgraphs/enrollment/daily-cost.js';
import { supervisionTerms } from '../../subgraphs/checkin/db/schema.js';
import { auditEvents, enrollees, enrollments, supervisionChanges } from '../../subgraphs/enrollment/db/schema.js';
import { allSubgraphs } from '../../subgraphs/shared/all-subgraphs.js';
import { eventDomain } from '../../subgraphs/shared/events/domains.js';
import { drainEvents } from '../../subgraphs/shared/events/drain.js';
import { enrollment } from '../../subgraphs/enrollment/server.js';
import { DEVELOPMENT_CALLER, type Caller } from '../../kit/identity/caller.js';
import { queryRows, subgraphDb } from '../../kit/database/db.js';
import { buildSubgraphServer } from '../../subgraphs/shared/subgraph-server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { subgraphClient } from '../support/subgraph.js';

const fixedNow = new Date('2026-03-01T12:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(fixedNow.getTime() - ms);
const iso = (d: Date) => d.toISOString();

type Result = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
type Technology = (typeof enrollments.technology.enumValues)[number];
type Cadence = (typeof enrollments.checkInCadence.enumValues)[number];
type Status = (typeof enrollments.status.enumValues)[number];

let database: TestDatabase;
let client: Awaited<ReturnType<typeof subgraphClient>>;
let checkinClient: Awaited<ReturnType<typeof subgraphClient>>;
let server: ApolloServer<Context>;
/** What "now" is for the next request; most tests keep it at fixedNow. */
let clock = fixedNow;
let serial = 0;

const db = () => subgraphDb(database.driver);

beforeAll(async () => {
  database = await createTestDatabase();
  client = await subgraphClient(enrollment, db(), () => clock);
  checkinClient = await subgraphClient(checkin, db(), () => clock);
  server = buildSubgraphServer(enrollment);
  await server.start();
});
afterAll(async () => {
  await client?.stop();
  await checkinClient?.stop();
  await server?.stop();
  await database?.drop();
});
beforeEach(() => {
  clock = fixedNow;
});

// ---- operations

const ENROLLMENT = 'id technology checkInCadence status startedAt endedAt endReason dailyCostCents daysEnrolled';

const ENROLL = `mutation($input: EnrollInput!) {
  enroll(input: $input) {
    ${ENROLLMENT}
    enrollee {
      id aNumber givenName familyName dateOfBirth countryOfCitizenship preferredLanguage phone
      address { line1 line2 city state postalCode }
      fieldOffice { code }
      currentEnrollment { id status }
      enrollments { id status }
    }
  }
}`;

const CHANGE = `mutation($input: ChangeSupervisionInput!) {
  changeSupervision(input: $input) {
    ${ENROLLMENT}
    enrollee { currentEnrollment { id technology checkInCadence dailyCostCents } }
  }
}`;

const END = `mutation($input: EndEnrollmentInput!) {
  endEnrollment(input: $input) {
    ${ENROLLMENT}
    enrollee { currentEnrollment { id status endedAt } }
  }
}`;

// supervisionStatus @requires compliance and nextHearing, which the gateway would send along.
const STATUS = `query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Enrollee {
      currentEnrollment { id status technology checkInCadence }
      enrollments { id status }
      supervisionStatus { level enrollmentStatus }
    }
  }
}`;

const WINDOWS = `query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Enrollee {
      checkIns(first: 100) { totalCount edges { node { dueWindow { opensAt closesAt } outcome } } }
      nextCheckInDue { opensAt closesAt }
    }
  }
}`;

/** Runs the operation and returns the result as a client would see it (DateTime as ISO strings). */
async function execute(query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  return JSON.parse(JSON.stringify(await client.execute(query, variables))) as Result;
}

/** Runs the operation as another caller (scopes, or a broken identity). */
async function executeAs(caller: Caller, query: string, variables: Record<string, unknown>): Promise<Result> {
  const contextValue: Context = createContext(enrollment, db(), caller, clock);
  const response = await server.executeOperation({ query, variables }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return JSON.parse(JSON.stringify(response.body.singleResult)) as Result;
}

async function data(query: string, variables: Record<string, unknown> = {}) {
  const result = await execute(query, variables);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

function expectError(result: Result, code: string, field?: string) {
  expect(result.errors, 'expected an error').toHaveLength(1);
  expect(result.errors![0]!.extensions?.code, result.errors![0]!.message).toBe(code);
  if (field) expect(result.errors![0]!.extensions?.field).toBe(field);
  expect(result.data ?? null).toBeNull();
}

const enrollAs = (input: Record<string, unknown>) => execute(ENROLL, { input });
const change = (input: Record<string, unknown>) => execute(CHANGE, { input });
const end = (input: Record<string, unknown>) => execute(END, { input });

// ---- fixtures

const nextANumber = () => `A7${String(++serial).padStart(8, '0')}`;

function newPerson(overrides: Record<string, unknown> = {}) {
  return {
    aNumber: nextANumber(),
    givenName: ' Maria ',
    familyName: 'Lopez Garcia',
    dateOfBirth: '1990-04-12',
    countryOfCitizenship: 'GT',
    preferredLanguage: 'ES',
    phone: '+13125550123',
    address: { line1: '100 W Randolph St', line2: 'Apt 4', city: 'Chicago', state: 'il', postalCode: '60601' },
    fieldOfficeCode: 'CHI',
    technology: 'SMARTLINK',
    checkInCadence: 'WEEKLY',
    ...overrides,
  };
}

interface OnFile {
  technology?: Technology;
  cadence?: Cadence;
  startedAt: Date;
  endedAt?: Date;
  status?: Status;
}

/** A person already on file with one enrollment (written directly: enroll cannot backdate beyond 30 days). */
async function personOnFile(term: OnFile) {
  const aNumber = nextANumber();
  const [person] = await db()
    .insert(enrollees)
    .values({ aNumber, givenName: 'Ana', familyName: `On File ${serial}`, fieldOfficeCode: 'ATL' })
    .returning();
  const technology = term.technology ?? 'SMARTLINK';
  const [row] = await db()
    .insert(enrollments)
    .values({
      enrolleeId: person!.id,
      technology,
      checkInCadence: term.cadence ?? 'WEEKLY',
      status: term.status ?? (term.endedAt ? 'TRANSITIONED_OUT' : 'ACTIVE'),
      startedAt: term.startedAt,
      endedAt: term.endedAt ?? null,
      endReason: term.endedAt ? 'Stepped down' : null,
      dailyCostCents: DAILY_COST_CENTS[technology],
      isCurrent: true,
    })
    .returning();
  // Check-in's copy, as its consumer would have written it from EnrollmentStarted (and EnrollmentEnded).
  await db().insert(supervisionTerms).values({ enrollmentId: row!.id, startedAt: row!.startedAt, enrolleeId: person!.id, aNumber, technology, checkInCadence: row!.checkInCadence, endedAt: row!.endedAt });
  return { aNumber, enrolleeId: person!.id, enrollmentId: row!.id };
}

const activeOnFile = (days = 70) => personOnFile({ startedAt: ago(days * DAY + 12 * HOUR) });

// ---- reading what was written (straight from the tables: the API is what is under test)

const enrollmentRow = async (id: string) => (await db().select().from(enrollments).where(eq(enrollments.id, id)))[0]!;
const enrollmentsOf = (enrolleeId: string) => db().select().from(enrollments).where(eq(enrollments.enrolleeId, enrolleeId)).orderBy(asc(enrollments.startedAt));
const peopleWith = (aNumber: string) => db().select().from(enrollees).where(eq(enrollees.aNumber, aNumber));
/** Delivers the events written so far, so check-in's copy of the terms is current (no transport runs here). */
const deliverEvents = () => drainEvents(allSubgraphs.map((s) => eventDomain(s.events, db())));
/** The periods check-in keeps (checkin.supervision_terms), once enrollment's events reached it. */
async function termsOf(enrolleeId: string) {
  await deliverEvents();
  const { technology, checkInCadence, startedAt, endedAt } = supervisionTerms;
  return db()
    .select({ enrolleeId: supervisionTerms.enrolleeId, technology, checkInCadence, startedAt, endedAt })
    .from(supervisionTerms)
    .where(eq(supervisionTerms.enrolleeId, enrolleeId))
    .orderBy(asc(supervisionTerms.startedAt));
}
const auditOf = (recordId: string, operation: string) =>
  db().select().from(auditEvents).where(and(eq(auditEvents.recordId, recordId), eq(auditEvents.operation, operation)));

/** Every table this subgraph writes, summed up so that any insert or update shows. */
async function snapshot() {
  const [row] = await queryRows(
    database.driver,
    `select (select count(*) from enrollment.enrollees)::int as enrollees,
            (select md5(coalesce(string_agg(e::text, '|' order by e.id), '')) from enrollment.enrollments e) as enrollments,
            (select count(*) from enrollment.supervision_changes)::int as changes,
            (select count(*) from enrollment.audit_events)::int as audit`,
  );
  return row;
}

async function expectNothingWritten(run: () => Promise<unknown>) {
  const before = await snapshot();
  await run();
  expect(await snapshot()).toEqual(before);
}

async function supervision(enrolleeId: string) {
  const reps = [{ __typename: 'Enrollee', id: enrolleeId, compliance: { level: 'COMPLIANT', consecutiveMisses: 0 }, nextHearing: { scheduledAt: iso(new Date(fixedNow.getTime() + 30 * DAY)) } }];
  return (await data(STATUS, { reps }))._entities[0];
}

async function checkInWindows(enrolleeId: string) {
  await deliverEvents();
  const result = JSON.parse(JSON.stringify(await checkinClient.execute(WINDOWS, { reps: [{ __typename: 'Enrollee', id: enrolleeId }] }))) as Result;
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!._entities[0];
}

// ---- enroll

describe('enroll', () => {
  it('creates a new person with an ACTIVE current enrollment priced by its technology, and audits it without personal data', async () => {
    const aNumber = nextANumber();
    // Any accepted spelling; the person is stored under the normalised one.
    const input = newPerson({ aNumber: `A-${aNumber.slice(1, 4)}-${aNumber.slice(4, 7)}-${aNumber.slice(7)}`, technology: 'GPS_ANKLE_MONITOR' });
    const { enroll } = await data(ENROLL, { input });

    expect(enroll).toMatchObject({
      technology: 'GPS_ANKLE_MONITOR',
      checkInCadence: 'WEEKLY',
      status: 'ACTIVE',
      startedAt: iso(fixedNow),
      endedAt: null,
      endReason: null,
      dailyCostCents: 450,
      daysEnrolled: 0,
    });
    expect(enroll.enrollee).toEqual({
      id: expect.any(String),
      aNumber,
      givenName: 'Maria',
      familyName: 'Lopez Garcia',
      dateOfBirth: '1990-04-12',
      countryOfCitizenship: 'GT',
      preferredLanguage: 'es',
      phone: '+13125550123',
      address: { line1: '100 W Randolph St', line2: 'Apt 4', city: 'Chicago', state: 'IL', postalCode: '60601' },
      fieldOffice: { code: 'CHI' },
      currentEnrollment: { id: enroll.id, status: 'ACTIVE' },
      enrollments: [{ id: enroll.id, status: 'ACTIVE' }],
    });
    expect(await peopleWith(aNumber)).toHaveLength(1);
    expect(await enrollmentRow(enroll.id)).toMatchObject({ isCurrent: true, enrolleeId: enroll.enrollee.id });

    const [event] = await auditOf(enroll.id, 'enroll');
    expect(event).toMatchObject({ recordType: 'Enrollment', enrolleeId: enroll.enrollee.id, aNumber, callerId: 'development', occurredAt: fixedNow });
    expect(event!.changes).toEqual({
      status: { to: 'ACTIVE' },
      technology: { to: 'GPS_ANKLE_MONITOR' },
      checkInCadence: { to: 'WEEKLY' },
      startedAt: { to: iso(fixedNow) },
      fieldOfficeCode: { to: 'CHI' },
      enrolleeCreated: { to: true },
      givenName: { redacted: true },
      familyName: { redacted: true },
      dateOfBirth: { redacted: true },
      countryOfCitizenship: { redacted: true },
      preferredLanguage: { redacted: true },
      phone: { redacted: true },
      address: { redacted: true },
    });
    const text = JSON.stringify(event!.changes);
    for (const personal of ['Maria', 'Lopez', '1990', 'GT', '5550123', 'Randolph', 'Chicago', '60601']) expect(text).not.toContain(personal);
  });

  it('shows the event through enrollmentAuditEvents, found by A-number', async () => {
    const input = newPerson();
    const { enroll } = await data(ENROLL, { input });
    const { enrollmentAuditEvents } = await data(
      `query($a: ANumber) { enrollmentAuditEvents(aNumber: $a, operation: "enroll") { totalCount edges { node { operation recordType recordId enrolleeId aNumber changes } } } }`,
      { a: input.aNumber },
    );
    expect(enrollmentAuditEvents.totalCount).toBe(1);
    expect(enrollmentAuditEvents.edges[0].node).toMatchObject({ operation: 'enroll', recordType: 'Enrollment', recordId: enroll.id, enrolleeId: enroll.enrollee.id, aNumber: input.aNumber });
  });

  it('prices every technology from one table, the same the seed uses', async () => {
    for (const technology of Object.keys(DAILY_COST_CENTS) as Technology[]) {
      const { enroll } = await data(ENROLL, { input: newPerson({ technology }) });
      expect(enroll.dailyCostCents).toBe(DAILY_COST_CENTS[technology]);
    }
  });

  it('keeps a person on file as is, ignoring personal fields, and makes the new enrollment current', async () => {
    const person = await personOnFile({ startedAt: ago(400 * DAY), endedAt: ago(40 * DAY) });
    const before = (await peopleWith(person.aNumber))[0]!;
    const input = { aNumber: person.aNumber, givenName: 'Someone Else', phone: '+13125550199', fieldOfficeCode: 'NYC', technology: 'VOICE_ID', checkInCadence: 'MONTHLY', startedAt: iso(ago(2 * DAY)) };
    const { enroll } = await data(ENROLL, { input });

    expect(enroll).toMatchObject({ technology: 'VOICE_ID', checkInCadence: 'MONTHLY', status: 'ACTIVE', startedAt: iso(ago(2 * DAY)), dailyCostCents: 100, daysEnrolled: 2 });
    expect(enroll.enrollee).toMatchObject({ id: person.enrolleeId, givenName: 'Ana', phone: null, fieldOffice: { code: 'ATL' }, currentEnrollment: { id: enroll.id } });
    expect(enroll.enrollee.enrollments).toEqual([{ id: enroll.id, status: 'ACTIVE' }, { id: person.enrollmentId, status: 'TRANSITIONED_OUT' }]);
    expect(await peopleWith(person.aNumber)).toEqual([before]);
    expect((await enrollmentsOf(person.enrolleeId)).map((e) => [e.id, e.isCurrent])).toEqual([[person.enrollmentId, false], [enroll.id, true]]);

    const [event] = await auditOf(enroll.id, 'enroll');
    expect(event!.changes).toEqual({
      status: { to: 'ACTIVE' },
      technology: { to: 'VOICE_ID' },
      checkInCadence: { to: 'MONTHLY' },
      startedAt: { to: iso(ago(2 * DAY)) },
      fieldOfficeCode: { to: 'NYC' },
    });
    // A later request sees the new enrollment as the person's current one.
    expect(await supervision(person.enrolleeId)).toMatchObject({ currentEnrollment: { id: enroll.id, status: 'ACTIVE' }, supervisionStatus: { level: 'ON_TRACK', enrollmentStatus: 'ACTIVE' } });
  });

  it('refuses a second active enrollment with ENROLLMENT_ALREADY_ACTIVE and writes nothing', async () => {
    const person = await activeOnFile();
    await expectNothingWritten(async () => {
      expectError(await enrollAs({ aNumber: person.aNumber, fieldOfficeCode: 'ATL', technology: 'SMARTLINK', checkInCadence: 'WEEKLY' }), 'ENROLLMENT_ALREADY_ACTIVE', 'input.aNumber');
    });
  });

  it('refuses a start before the previous enrollment ended (periods never overlap)', async () => {
    const person = await personOnFile({ startedAt: ago(200 * DAY), endedAt: ago(5 * DAY) });
    await expectNothingWritten(async () => {
      expectError(
        await enrollAs({ aNumber: person.aNumber, fieldOfficeCode: 'ATL', technology: 'SMARTLINK', checkInCadence: 'WEEKLY', startedAt: iso(ago(6 * DAY)) }),
        'BAD_USER_INPUT',
        'input.startedAt',
      );
    });
    const { enroll } = await data(ENROLL, { input: { aNumber: person.aNumber, fieldOfficeCode: 'ATL', technology: 'SMARTLINK', checkInCadence: 'WEEKLY', startedAt: iso(ago(5 * DAY)) } });
    expect(enroll.startedAt).toBe(iso(ago(5 * DAY)));
  });

  it.each([
    ['a missing given name for a new person', { givenName: null }, 'input.givenName'],
    ['a blank family name for a new person', { familyName: '   ' }, 'input.familyName'],
    ['a name over 200 characters', { familyName: 'x'.repeat(201) }, 'input.familyName'],
    ['an unknown field office', { fieldOfficeCode: 'XYZ' }, 'input.fieldOfficeCode'],
    ['a start in the future', { startedAt: iso(new Date(fixedNow.getTime() + HOUR)) }, 'input.startedAt'],
    ['a start more than 30 days ago', { startedAt: iso(ago(30 * DAY + 1)) }, 'input.startedAt'],
    ['a date of birth in the future', { dateOfBirth: '2026-03-02' }, 'input.dateOfBirth'],
    ['a date of birth before 1900', { dateOfBirth: '1899-12-31' }, 'input.dateOfBirth'],
    ['a language that is not a two-letter code', { preferredLanguage: 'spanish' }, 'input.preferredLanguage'],
    ['a state that is not a two-letter code', { address: { line1: '1 Main St', city: 'Chicago', state: 'Illinois' } }, 'input.address.state'],
    ['a blank street line', { address: { line1: ' ', city: 'Chicago', state: 'IL' } }, 'input.address.line1'],
    ['a phone number without its country code', { phone: '555-0123' }, 'input.phone'],
    ['a malformed ZIP code', { address: { line1: '1 Main St', city: 'Chicago', state: 'IL', postalCode: '6060' } }, 'input.address.postalCode'],
  ])('refuses %s with BAD_USER_INPUT naming the field, writing nothing', async (_, overrides, field) => {
    await expectNothingWritten(async () => expectError(await enrollAs(newPerson(overrides)), 'BAD_USER_INPUT', field));
  });

  it('stores a phone number in E.164 form whatever its spacing', async () => {
    const { enroll } = await data(ENROLL, { input: newPerson({ phone: '+1 (312) 555-0124' }) });
    expect(enroll.enrollee.phone).toBe('+13125550124');
  });

  it('refuses malformed scalars (A-number, country) before running', async () => {
    await expectNothingWritten(async () => {
      for (const overrides of [{ aNumber: 'A12' }, { countryOfCitizenship: 'Guatemala' }]) {
        const result = await enrollAs(newPerson(overrides));
        expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe('BAD_USER_INPUT');
      }
    });
  });

  it('needs no names for a person on file, but still checks the field office', async () => {
    const person = await personOnFile({ startedAt: ago(100 * DAY), endedAt: ago(50 * DAY) });
    const input = { aNumber: person.aNumber, fieldOfficeCode: 'XYZ', technology: 'SMARTLINK', checkInCadence: 'WEEKLY' };
    await expectNothingWritten(async () => expectError(await enrollAs(input), 'BAD_USER_INPUT', 'input.fieldOfficeCode'));
    const { enroll } = await data(ENROLL, { input: { ...input, fieldOfficeCode: 'chi' } });
    expect(enroll.enrollee.id).toBe(person.enrolleeId);
  });

  it('lets exactly one of several concurrent enrollments of the same new A-number win', async () => {
    const input = newPerson();
    const results = await Promise.all([1, 2, 3, 4].map(() => enrollAs(input)));
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.errors)) expectError(loser, 'ENROLLMENT_ALREADY_ACTIVE', 'input.aNumber');
    const people = await peopleWith(input.aNumber);
    expect(people).toHaveLength(1);
    const rows = await enrollmentsOf(people[0]!.id);
    expect(rows.map((r) => [r.id, r.status, r.isCurrent])).toEqual([[winners[0]!.data!.enroll.id, 'ACTIVE', true]]);
    const events = await db().select().from(auditEvents).where(and(eq(auditEvents.aNumber, input.aNumber), eq(auditEvents.operation, 'enroll')));
    expect(events).toHaveLength(1);
    expect(events[0]!.changes).toMatchObject({ enrolleeCreated: { to: true } });
  });

  it('lets exactly one of several concurrent re-enrollments of a person on file win', async () => {
    const person = await personOnFile({ startedAt: ago(300 * DAY), endedAt: ago(20 * DAY) });
    const input = { aNumber: person.aNumber, fieldOfficeCode: 'ATL', technology: 'SMARTLINK', checkInCadence: 'BIWEEKLY' };
    const results = await Promise.all([1, 2, 3].map(() => enrollAs(input)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const loser of results.filter((r) => r.errors)) expectError(loser, 'ENROLLMENT_ALREADY_ACTIVE', 'input.aNumber');
    const rows = await enrollmentsOf(person.enrolleeId);
    expect(rows.map((r) => [r.status, r.isCurrent])).toEqual([['TRANSITIONED_OUT', false], ['ACTIVE', true]]);
  });
});

// ---- changeSupervision

describe('changeSupervision', () => {
  it('changes technology and cadence from now on, with the cost following the technology, and audits from/to', async () => {
    const person = await activeOnFile();
    const { changeSupervision } = await data(CHANGE, {
      input: { enrollmentId: person.enrollmentId, technology: 'GPS_ANKLE_MONITOR', checkInCadence: 'BIWEEKLY', reason: 'Missed three check-ins in a row' },
    });
    expect(changeSupervision).toMatchObject({ id: person.enrollmentId, technology: 'GPS_ANKLE_MONITOR', checkInCadence: 'BIWEEKLY', status: 'ACTIVE', dailyCostCents: 450 });
    expect(changeSupervision.enrollee.currentEnrollment).toEqual({ id: person.enrollmentId, technology: 'GPS_ANKLE_MONITOR', checkInCadence: 'BIWEEKLY', dailyCostCents: 450 });

    const changes = await db().select().from(supervisionChanges).where(eq(supervisionChanges.enrollmentId, person.enrollmentId));
    expect(changes).toEqual([
      expect.objectContaining({
        effectiveAt: fixedNow,
        technologyBefore: 'SMARTLINK',
        checkInCadenceBefore: 'WEEKLY',
        technologyAfter: 'GPS_ANKLE_MONITOR',
        checkInCadenceAfter: 'BIWEEKLY',
        reason: 'Missed three check-ins in a row',
      }),
    ]);
    const [event] = await auditOf(person.enrollmentId, 'changeSupervision');
    expect(event).toMatchObject({ recordType: 'Enrollment', enrolleeId: person.enrolleeId, aNumber: person.aNumber });
    expect(event!.changes).toEqual({
      technology: { from: 'SMARTLINK', to: 'GPS_ANKLE_MONITOR' },
      checkInCadence: { from: 'WEEKLY', to: 'BIWEEKLY' },
      dailyCostCents: { from: 400, to: 450 },
      effectiveAt: { to: iso(fixedNow) },
      reason: { redacted: true },
    });
    expect(JSON.stringify(event!.changes)).not.toContain('Missed');
  });

  it('changes only what is given, and audits only what changed', async () => {
    const person = await activeOnFile();
    const { changeSupervision } = await data(CHANGE, { input: { enrollmentId: person.enrollmentId, checkInCadence: 'MONTHLY' } });
    expect(changeSupervision).toMatchObject({ technology: 'SMARTLINK', checkInCadence: 'MONTHLY', dailyCostCents: 400 });
    const [event] = await auditOf(person.enrollmentId, 'changeSupervision');
    expect(event!.changes).toEqual({ checkInCadence: { from: 'WEEKLY', to: 'MONTHLY' }, effectiveAt: { to: iso(fixedNow) } });
  });

  it('keeps the past: check-in\'s copy of the terms splits the enrollment into periods and past check-in windows do not move', async () => {
    // Weekly SmartLINK (24-hour windows): window 10 opened 2 days ago and closed yesterday, none is open now.
    const startedAt = ago(72 * DAY);
    const person = await personOnFile({ startedAt });
    const before = await checkInWindows(person.enrolleeId);
    expect(before.checkIns.totalCount).toBe(10);
    expect(before.nextCheckInDue.opensAt).toBe(iso(new Date(startedAt.getTime() + 11 * 7 * DAY)));

    await data(CHANGE, { input: { enrollmentId: person.enrollmentId, checkInCadence: 'MONTHLY' } });

    expect((await termsOf(person.enrolleeId)).map((t) => [t.technology, t.checkInCadence, t.startedAt, t.endedAt])).toEqual([
      ['SMARTLINK', 'WEEKLY', startedAt, fixedNow],
      ['SMARTLINK', 'MONTHLY', fixedNow, null],
    ]);
    const after = await checkInWindows(person.enrolleeId);
    // The weekly windows already past stay exactly as they were.
    expect(after.checkIns).toEqual(before.checkIns);
    // The next one is due a month after the change, not a week after the last weekly window.
    expect(after.nextCheckInDue.opensAt).toBe(iso(new Date(fixedNow.getTime() + 28 * DAY)));

    // A second change later on closes the monthly period and opens a third.
    clock = new Date(fixedNow.getTime() + 3 * DAY);
    await data(CHANGE, { input: { enrollmentId: person.enrollmentId, technology: 'VOICE_ID' } });
    expect((await termsOf(person.enrolleeId)).map((t) => [t.technology, t.checkInCadence, t.startedAt, t.endedAt])).toEqual([
      ['SMARTLINK', 'WEEKLY', startedAt, fixedNow],
      ['SMARTLINK', 'MONTHLY', fixedNow, clock],
      ['VOICE_ID', 'MONTHLY', clock, null],
    ]);

    // Ending the enrollment ends the last period.
    clock = new Date(fixedNow.getTime() + 4 * DAY);
    await data(END, { input: { enrollmentId: person.enrollmentId, status: 'TRANSITIONED_OUT', reason: 'Stepped down' } });
    expect((await termsOf(person.enrolleeId)).at(-1)).toMatchObject({ technology: 'VOICE_ID', startedAt: new Date(fixedNow.getTime() + 3 * DAY), endedAt: clock });
  });

  it('leaves out a period superseded the instant it began, so the last change made is the one in force', async () => {
    const person = await activeOnFile(10);
    await data(CHANGE, { input: { enrollmentId: person.enrollmentId, checkInCadence: 'MONTHLY' } });
    await data(CHANGE, { input: { enrollmentId: person.enrollmentId, checkInCadence: 'BIWEEKLY' } });
    expect((await termsOf(person.enrolleeId)).map((t) => [t.checkInCadence, t.startedAt, t.endedAt])).toEqual([
      ['WEEKLY', ago(10 * DAY + 12 * HOUR), fixedNow],
      ['BIWEEKLY', fixedNow, null],
    ]);
  });

  it('returns the same periods as before for an enrollment never changed', async () => {
    const person = await personOnFile({ startedAt: ago(300 * DAY), endedAt: ago(100 * DAY), technology: 'WRISTWORN', cadence: 'BIWEEKLY' });
    expect(await termsOf(person.enrolleeId)).toEqual([
      { enrolleeId: person.enrolleeId, technology: 'WRISTWORN', checkInCadence: 'BIWEEKLY', startedAt: ago(300 * DAY), endedAt: ago(100 * DAY) },
    ]);
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, writing nothing', async () => {
    const person = await activeOnFile();
    await expectNothingWritten(async () => {
      expectError(await change({ enrollmentId: person.enrollmentId }), 'BAD_USER_INPUT', 'input');
      expectError(await change({ enrollmentId: person.enrollmentId, technology: null, checkInCadence: null }), 'BAD_USER_INPUT', 'input');
      expectError(await change({ enrollmentId: person.enrollmentId, technology: 'SMARTLINK' }), 'BAD_USER_INPUT', 'input.technology');
      expectError(await change({ enrollmentId: person.enrollmentId, checkInCadence: 'WEEKLY' }), 'BAD_USER_INPUT', 'input.checkInCadence');
      expectError(await change({ enrollmentId: person.enrollmentId, technology: 'SMARTLINK', checkInCadence: 'WEEKLY' }), 'BAD_USER_INPUT', 'input.technology');
      expectError(await change({ enrollmentId: person.enrollmentId, technology: 'VOICE_ID', reason: 'x'.repeat(501) }), 'BAD_USER_INPUT', 'input.reason');
    });
  });

  it('refuses an unknown enrollment with NOT_FOUND and an ended one with ENROLLMENT_NOT_ACTIVE', async () => {
    const ended = await personOnFile({ startedAt: ago(100 * DAY), endedAt: ago(10 * DAY), status: 'TERMINATED' });
    await expectNothingWritten(async () => {
      expectError(await change({ enrollmentId: '00000000-0000-4000-8000-000000000000', technology: 'VOICE_ID' }), 'NOT_FOUND', 'input.enrollmentId');
      expectError(await change({ enrollmentId: ended.enrollmentId, technology: 'VOICE_ID' }), 'ENROLLMENT_NOT_ACTIVE', 'input.enrollmentId');
    });
  });

  it('applies concurrent changes one after another, so none is lost', async () => {
    const person = await activeOnFile();
    const results = await Promise.all([
      change({ enrollmentId: person.enrollmentId, technology: 'VOICE_ID' }),
      change({ enrollmentId: person.enrollmentId, checkInCadence: 'MONTHLY' }),
    ]);
    for (const result of results) expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    expect(await enrollmentRow(person.enrollmentId)).toMatchObject({ technology: 'VOICE_ID', checkInCadence: 'MONTHLY', dailyCostCents: 100 });
    const changes = await db().select().from(supervisionChanges).where(eq(supervisionChanges.enrollmentId, person.enrollmentId)).orderBy(asc(supervisionChanges.createdAt));
    expect(changes).toHaveLength(2);
    // Each change starts from what the one before it left.
    expect([changes[1]!.technologyBefore, changes[1]!.checkInCadenceBefore]).toEqual([changes[0]!.technologyAfter, changes[0]!.checkInCadenceAfter]);
    expect((await termsOf(person.enrolleeId)).at(-1)).toMatchObject({ technology: 'VOICE_ID', checkInCadence: 'MONTHLY', endedAt: null });
  });
});

// ---- endEnrollment

describe('endEnrollment', () => {
  it('ends an active enrollment now, keeps it current, and audits status and end without the reason', async () => {
    const person = await activeOnFile(40);
    const { endEnrollment } = await data(END, { input: { enrollmentId: person.enrollmentId, status: 'ABSCONDED', reason: '  No contact for 30 days  ' } });
    expect(endEnrollment).toMatchObject({ id: person.enrollmentId, status: 'ABSCONDED', endedAt: iso(fixedNow), endReason: 'No contact for 30 days', daysEnrolled: 40 });
    expect(endEnrollment.enrollee.currentEnrollment).toEqual({ id: person.enrollmentId, status: 'ABSCONDED', endedAt: iso(fixedNow) });
    expect(await enrollmentRow(person.enrollmentId)).toMatchObject({ isCurrent: true });

    const [event] = await auditOf(person.enrollmentId, 'endEnrollment');
    expect(event).toMatchObject({ recordType: 'Enrollment', enrolleeId: person.enrolleeId, aNumber: person.aNumber });
    expect(event!.changes).toEqual({ status: { from: 'ACTIVE', to: 'ABSCONDED' }, endedAt: { to: iso(fixedNow) }, reason: { redacted: true } });
    expect(JSON.stringify(event!.changes)).not.toContain('contact');

    // Later requests see it: an absconded person is urgent, and their check-in term has ended.
    expect(await supervision(person.enrolleeId)).toMatchObject({ currentEnrollment: { status: 'ABSCONDED' }, supervisionStatus: { level: 'URGENT', enrollmentStatus: 'ABSCONDED' } });
    expect((await termsOf(person.enrolleeId)).map((t) => t.endedAt)).toEqual([fixedNow]);
  });

  it('takes an end in the past, and the person can then be enrolled again', async () => {
    const person = await activeOnFile(60);
    const endedAt = ago(5 * DAY);
    const { endEnrollment } = await data(END, { input: { enrollmentId: person.enrollmentId, status: 'TRANSITIONED_OUT', reason: 'Stepped down', endedAt: iso(endedAt) } });
    expect(endEnrollment).toMatchObject({ status: 'TRANSITIONED_OUT', endedAt: iso(endedAt), daysEnrolled: 55 });
    expect((await supervision(person.enrolleeId)).supervisionStatus).toEqual({ level: 'NOT_SUPERVISED', enrollmentStatus: 'TRANSITIONED_OUT' });
    const { enroll } = await data(ENROLL, { input: { aNumber: person.aNumber, fieldOfficeCode: 'ATL', technology: 'SMARTLINK', checkInCadence: 'WEEKLY' } });
    expect(enroll.enrollee.currentEnrollment).toEqual({ id: enroll.id, status: 'ACTIVE' });
  });

  it('refuses bad input with BAD_USER_INPUT naming the field, writing nothing', async () => {
    const person = await activeOnFile(10);
    const input = (overrides: Record<string, unknown>) => ({ enrollmentId: person.enrollmentId, status: 'TERMINATED', reason: 'Taken into custody', ...overrides });
    await expectNothingWritten(async () => {
      expectError(await end(input({ reason: '  ' })), 'BAD_USER_INPUT', 'input.reason');
      expectError(await end(input({ reason: 'x'.repeat(501) })), 'BAD_USER_INPUT', 'input.reason');
      expectError(await end(input({ endedAt: iso(new Date(fixedNow.getTime() + 1)) })), 'BAD_USER_INPUT', 'input.endedAt');
      expectError(await end(input({ endedAt: iso(ago(31 * DAY)) })), 'BAD_USER_INPUT', 'input.endedAt');
      expectError(await end(input({ endedAt: iso(ago(11 * DAY)) })), 'BAD_USER_INPUT', 'input.endedAt');
      // ACTIVE is not a way to end.
      expect((await end(input({ status: 'ACTIVE' }))).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  it('refuses an end before the last supervision change', async () => {
    const person = await activeOnFile(20);
    clock = ago(2 * DAY);
    await data(CHANGE, { input: { enrollmentId: person.enrollmentId, technology: 'VOICE_ID' } });
    clock = fixedNow;
    await expectNothingWritten(async () => {
      expectError(await end({ enrollmentId: person.enrollmentId, status: 'TERMINATED', reason: 'Removed', endedAt: iso(ago(3 * DAY)) }), 'BAD_USER_INPUT', 'input.endedAt');
    });
    expect((await end({ enrollmentId: person.enrollmentId, status: 'TERMINATED', reason: 'Removed', endedAt: iso(ago(DAY)) })).errors).toBeUndefined();
  });

  it('refuses an unknown enrollment with NOT_FOUND and an ended one with ENROLLMENT_NOT_ACTIVE', async () => {
    const ended = await personOnFile({ startedAt: ago(100 * DAY), endedAt: ago(10 * DAY) });
    await expectNothingWritten(async () => {
      expectError(await end({ enrollmentId: '00000000-0000-4000-8000-000000000000', status: 'TERMINATED', reason: 'Removed' }), 'NOT_FOUND', 'input.enrollmentId');
      expectError(await end({ enrollmentId: ended.enrollmentId, status: 'TERMINATED', reason: 'Removed' }), 'ENROLLMENT_NOT_ACTIVE', 'input.enrollmentId');
    });
  });

  it('lets exactly one of two concurrent ends win', async () => {
    const person = await activeOnFile();
    const results = await Promise.all([
      end({ enrollmentId: person.enrollmentId, status: 'TERMINATED', reason: 'Removed' }),
      end({ enrollmentId: person.enrollmentId, status: 'ABSCONDED', reason: 'Gone' }),
    ]);
    const winners = results.filter((r) => !r.errors);
    expect(winners).toHaveLength(1);
    for (const loser of results.filter((r) => r.errors)) expectError(loser, 'ENROLLMENT_NOT_ACTIVE', 'input.enrollmentId');
    expect((await enrollmentRow(person.enrollmentId)).status).toBe(winners[0]!.data!.endEnrollment.status);
    expect(await auditOf(person.enrollmentId, 'endEnrollment')).toHaveLength(1);
  });
});

// ---- all three

describe('every mutation', () => {
  it('refuses a caller without the enrollment:write scope, writing nothing', async () => {
    const reader: Caller = { ...DEVELOPMENT_CALLER, id: 'reader', scopes: new Set(['enrollees:read', 'personal:read']) };
    const person = await activeOnFile();
    await expectNothingWritten(async () => {
      expectError(await executeAs(reader, ENROLL, { input: newPerson() }), 'FORBIDDEN');
      expectError(await executeAs(reader, CHANGE, { input: { enrollmentId: person.enrollmentId, technology: 'VOICE_ID' } }), 'FORBIDDEN');
      expectError(await executeAs(reader, END, { input: { enrollmentId: person.enrollmentId, status: 'TERMINATED', reason: 'Removed' } }), 'FORBIDDEN');
    });
    expect((await executeAs(DEVELOPMENT_CALLER, CHANGE, { input: { enrollmentId: person.enrollmentId, technology: 'VOICE_ID' } })).errors).toBeUndefined();
  });

  it('rolls every row back when the audit event cannot be written', async () => {
    // A caller id the audit table refuses (not null): the failure comes after the rows were written.
    const broken: Caller = { ...DEVELOPMENT_CALLER, id: null as unknown as string };
    const onFile = await personOnFile({ startedAt: ago(100 * DAY), endedAt: ago(10 * DAY) });
    const active = await activeOnFile();
    const input = newPerson();
    await expectNothingWritten(async () => {
      expectError(await executeAs(broken, ENROLL, { input }), 'INTERNAL_SERVER_ERROR');
      expectError(await executeAs(broken, ENROLL, { input: { aNumber: onFile.aNumber, fieldOfficeCode: 'ATL', technology: 'SMARTLINK', checkInCadence: 'WEEKLY' } }), 'INTERNAL_SERVER_ERROR');
      expectError(await executeAs(broken, CHANGE, { input: { enrollmentId: active.enrollmentId, technology: 'VOICE_ID' } }), 'INTERNAL_SERVER_ERROR');
      expectError(await executeAs(broken, END, { input: { enrollmentId: active.enrollmentId, status: 'TERMINATED', reason: 'Removed' } }), 'INTERNAL_SERVER_ERROR');
    });
    expect(await peopleWith(input.aNumber)).toEqual([]);
  });

  it('resolves nested fields fresh when one request makes several changes to the same person', async () => {
    const person = await activeOnFile();
    // Each mutation reads the person's enrollments after writing; the next must not see a stale cache.
    const { changed, ended, again } = await data(
      `mutation($id: UUID!, $a: ANumber!) {
        changed: changeSupervision(input: { enrollmentId: $id, technology: VOICE_ID }) {
          enrollee { currentEnrollment { technology status } }
        }
        ended: endEnrollment(input: { enrollmentId: $id, status: TERMINATED, reason: "Removed" }) {
          enrollee { currentEnrollment { technology status } }
        }
        again: enroll(input: { aNumber: $a, fieldOfficeCode: "ATL", technology: SMARTLINK, checkInCadence: MONTHLY }) {
          id enrollee { currentEnrollment { id status } enrollments { id status } }
        }
      }`,
      { id: person.enrollmentId, a: person.aNumber },
    );
    expect(changed.enrollee.currentEnrollment).toEqual({ technology: 'VOICE_ID', status: 'ACTIVE' });
    expect(ended.enrollee.currentEnrollment).toEqual({ technology: 'VOICE_ID', status: 'TERMINATED' });
    expect(again.enrollee.currentEnrollment).toEqual({ id: again.id, status: 'ACTIVE' });
    expect(again.enrollee.enrollments).toEqual([{ id: again.id, status: 'ACTIVE' }, { id: person.enrollmentId, status: 'TERMINATED' }]);
  });
});
