// Domain events end to end, in process (the embedded default): every mutation sent through the
// gateway appends exactly its events in its own transaction, valid against the committed schemas;
// the copies other domains keep follow within a second; a poison event is parked and reported.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalEvents } from '../subgraphs/legal/events/published.js';
import { subgraphDb } from '../kit/database/db.js';
import { configureLogging } from '../kit/observability/log.js';
import { appendEvents } from '../subgraphs/shared/events/outbox.js';
import { inTransaction } from '../subgraphs/shared/transaction.js';
import { eventSchemaErrors } from './support/event-schemas.js';
import { startTestStack, type TestStack } from './support/stack.js';

const DOMAINS = ['enrollment', 'checkin', 'docket', 'legal'] as const;
type Domain = (typeof DOMAINS)[number];
const DAY = 86_400_000;

interface OutboxEvent {
  sequence: number;
  id: string;
  type: string;
  subject: string;
  time: Date;
  data: Record<string, unknown>;
}

let stack: TestStack;
let partnerOrg: string;
let partnerKey: string;
let representativeId: string;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 40 });
  const [org] = await stack.sql<{ org: string; rep: string }>(
    `select o.id as org, r.id as rep from legal.organizations o join legal.representatives r on r.organization_id = o.id order by o.id, r.id limit 1`,
  );
  partnerOrg = org!.org;
  representativeId = org!.rep;
  partnerKey = await stack.createKey({ name: 'events partner', kind: 'partner', organizationId: partnerOrg });
});
afterAll(() => stack?.close());

async function lastSequences(): Promise<Record<Domain, number>> {
  const entries = await Promise.all(
    DOMAINS.map(async (d) => [d, Number((await stack.sql<{ n: string }>(`select coalesce(max(sequence), 0) as n from ${d}.outbox`))[0]!.n)] as const),
  );
  return Object.fromEntries(entries) as Record<Domain, number>;
}

/** Runs `work` and returns the events it appended, per domain (domains with none left out). */
async function eventsOf(work: () => Promise<unknown>): Promise<Partial<Record<Domain, OutboxEvent[]>>> {
  const before = await lastSequences();
  await work();
  const appended: Partial<Record<Domain, OutboxEvent[]>> = {};
  for (const d of DOMAINS) {
    const rows = await stack.sql<OutboxEvent>(`select sequence::int as sequence, id, type, subject, time, data from ${d}.outbox where sequence > ${before[d]} order by sequence`);
    if (rows.length) appended[d] = rows;
  }
  return appended;
}

/** The event as its relay or transport would put it on the wire, checked against schema/events/. */
function expectValid(domain: Domain, event: OutboxEvent): void {
  const cloudEvent = {
    specversion: '1.0',
    id: event.id,
    source: `/supervision/${domain}`,
    type: event.type,
    subject: event.subject,
    time: new Date(event.time).toISOString(),
    datacontenttype: 'application/json',
    sequence: String(event.sequence).padStart(16, '0'),
    data: event.data,
  };
  expect(eventSchemaErrors(cloudEvent), `${event.type} against schema/events/${event.type}.json`).toEqual([]);
}

async function ok<D = any>(query: string, variables: Record<string, unknown>, key?: string): Promise<D> {
  const { body } = await stack.gql<D>(query, variables, key);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data!;
}

async function refusal(query: string, variables: Record<string, unknown>): Promise<{ code?: string; field?: unknown }> {
  const { body } = await stack.gql(query, variables);
  expect(body.errors).toHaveLength(1);
  return { code: body.errors![0]!.extensions?.code, field: body.errors![0]!.extensions?.field };
}

/** Polls `probe` until it returns true, for at most `ms`; the time it took. */
async function within(ms: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

const ENROLL = `mutation($input: EnrollInput!) { enroll(input: $input) { id enrollee { id } } }`;
const CHANGE = `mutation($input: ChangeSupervisionInput!) { changeSupervision(input: $input) { id } }`;
const END = `mutation($input: EndEnrollmentInput!) { endEnrollment(input: $input) { id } }`;
const RECORD = `mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { id } }`;
const EXCUSE = `mutation($input: ExcuseCheckInInput!) { excuseCheckIn(input: $input) { id } }`;
const SCHEDULE = `mutation($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id } }`;
const RESCHEDULE = `mutation($input: RescheduleHearingInput!) { rescheduleHearing(input: $input) { id } }`;
const OUTCOME = `mutation($input: RecordHearingOutcomeInput!) { recordHearingOutcome(input: $input) { id } }`;
const FILE = `mutation($input: FileRepresentationInput!) { fileRepresentation(input: $input) { id } }`;
const WITHDRAW = `mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id } }`;

describe('the outbox', () => {
  it('gets exactly the events of each committed mutation, each valid against its schema, and none of a refused one', async () => {
    const aNumber = `A7${String(Date.now()).slice(-8)}`;
    // Started 29.5 days ago, weekly SmartLINK: the window 28 days in closed half a day ago (a late
    // check-in fills it), the first one (7 days in) was missed and can be excused.
    const startedAt = new Date(Date.now() - 29.5 * DAY);
    const enrollInput = { aNumber, givenName: 'Eva', familyName: 'Outbox', fieldOfficeCode: 'CHI', technology: 'SMARTLINK', checkInCadence: 'WEEKLY', startedAt: startedAt.toISOString() };
    let enrollmentId = '';
    let enrolleeId = '';
    const enrolled = await eventsOf(async () => {
      const { enroll } = await ok(ENROLL, { input: enrollInput });
      enrollmentId = enroll.id;
      enrolleeId = enroll.enrollee.id;
    });
    expect(Object.keys(enrolled)).toEqual(['enrollment']);
    expect(enrolled.enrollment).toEqual([
      expect.objectContaining({
        type: 'EnrollmentStarted',
        subject: enrollmentId,
        data: { enrollmentId, enrolleeId, aNumber, fieldOfficeCode: 'CHI', technology: 'SMARTLINK', checkInCadence: 'WEEKLY', status: 'ACTIVE', startedAt: startedAt.toISOString(), nameOrder: expect.stringMatching(/^[0-9]*[1-9]$/), dailyCostCents: 400 },
      }),
    ]);
    expect(await eventsOf(async () => expect((await refusal(ENROLL, { input: enrollInput })).code).toBe('ENROLLMENT_ALREADY_ACTIVE'))).toEqual({});

    // Check-in learns the terms from the event; then its own mutations can find the windows.
    await within(2_000, async () => (await stack.sql(`select 1 from checkin.supervision_terms where enrollee_id = '${enrolleeId}'`)).length === 1);
    const excused = await eventsOf(() =>
      ok(EXCUSE, { input: { enrolleeId, dueWindowOpensAt: new Date(startedAt.getTime() + 7 * DAY).toISOString(), reason: 'Hospital stay' } }),
    );
    // The excuse changed the person's compliance: ComplianceChanged in the same transaction (misses are the job's to report).
    expect(excused.checkin?.map((e) => e.type)).toEqual(['CheckInExcused', 'ComplianceChanged']);
    expect(JSON.stringify(excused)).not.toContain('Hospital');
    const recorded = await eventsOf(() => ok(RECORD, { input: { idempotencyKey: randomUUID(), enrolleeId, method: 'APP_PHOTO', identityVerification: 'MATCHED', location: { latitude: 41.88, longitude: -87.63 } } }));
    expect(recorded.checkin).toEqual([
      expect.objectContaining({ type: 'CheckInRecorded', data: expect.objectContaining({ enrolleeId, late: true, method: 'APP_PHOTO' }) }),
      expect.objectContaining({ type: 'ComplianceChanged', data: expect.objectContaining({ enrolleeId, consecutiveMisses: 0 }) }),
    ]);
    expect(JSON.stringify(recorded)).not.toMatch(/41\.88|87\.63|latitude/);

    const changed = await eventsOf(() => ok(CHANGE, { input: { enrollmentId, checkInCadence: 'MONTHLY', reason: 'Doing well' } }));
    expect(changed.enrollment).toEqual([expect.objectContaining({ type: 'SupervisionChanged', data: expect.objectContaining({ checkInCadenceBefore: 'WEEKLY', checkInCadence: 'MONTHLY' }) })]);
    const ended = await eventsOf(() => ok(END, { input: { enrollmentId, status: 'TRANSITIONED_OUT', reason: 'Case closed' } }));
    expect(ended.enrollment).toEqual([expect.objectContaining({ type: 'EnrollmentEnded', data: expect.objectContaining({ status: 'TRANSITIONED_OUT' }) })]);

    const [pending] = await stack.sql<{ id: string }>(`select id from docket.cases where status = 'PENDING' order by id limit 1`);
    let hearingId = '';
    const scheduled = await eventsOf(async () => {
      hearingId = (await ok(SCHEDULE, { input: { caseId: pending!.id, scheduledAt: new Date(Date.now() + 40 * DAY).toISOString(), calendar: 'MASTER', medium: 'VIDEO', judge: 'Judge Name' } })).scheduleHearing.id;
    });
    expect(scheduled.docket).toEqual([expect.objectContaining({ type: 'HearingScheduled', subject: hearingId, data: expect.objectContaining({ caseId: pending!.id, medium: 'VIDEO', status: 'SCHEDULED' }) })]);
    expect(JSON.stringify(scheduled)).not.toContain('Judge Name');
    const rescheduled = await eventsOf(() => ok(RESCHEDULE, { input: { hearingId, scheduledAt: new Date(Date.now() + 50 * DAY).toISOString(), reason: 'Interpreter unavailable' } }));
    expect(rescheduled.docket).toEqual([expect.objectContaining({ type: 'HearingRescheduled', subject: hearingId, data: expect.objectContaining({ hearingId }) })]);
    expect(JSON.stringify(rescheduled)).not.toContain('Interpreter');
    // A hearing that has started (moved into the past here: no mutation can schedule one there).
    const [due] = await stack.sql<{ id: string }>(`select h.id from docket.hearings h join docket.cases c on c.id = h.case_id where h.status = 'SCHEDULED' and c.status = 'PENDING' and h.id <> '${hearingId}' order by h.id limit 1`);
    await stack.sql(`update docket.hearings set scheduled_at = now() - interval '1 hour' where id = '${due!.id}'`);
    const held = await eventsOf(() => ok(OUTCOME, { input: { hearingId: due!.id, attendance: 'APPEARED' } }));
    expect(held.docket).toEqual([expect.objectContaining({ type: 'HearingOutcomeRecorded', data: expect.objectContaining({ hearingId: due!.id, attendance: 'APPEARED', decision: null, cancelledHearingIds: [] }) })]);

    let representationId = '';
    const filed = await eventsOf(async () => {
      representationId = (await ok(FILE, { input: { aNumber, representativeId, form: 'G_28', scope: 'ALL_PROCEEDINGS' } })).fileRepresentation.id;
    });
    expect(filed.legal).toEqual([expect.objectContaining({ type: 'RepresentationFiled', subject: representationId, data: expect.objectContaining({ aNumber, organizationId: partnerOrg, caseId: null }) })]);
    const withdrawn = await eventsOf(() => ok(WITHDRAW, { input: { representationId, reason: 'Client moved away' } }));
    expect(withdrawn.legal).toEqual([expect.objectContaining({ type: 'RepresentationWithdrawn', subject: representationId })]);
    expect(JSON.stringify(withdrawn)).not.toContain('moved');

    const all = [enrolled, excused, recorded, changed, ended, scheduled, rescheduled, held, filed, withdrawn];
    for (const appended of all) for (const [domain, events] of Object.entries(appended)) for (const event of events!) expectValid(domain as Domain, event);
    // Every type a mutation can publish was published once here (CaseOpened comes only from the seed;
    // CheckInMissed from check-in's job), ComplianceChanged with each of the two check-in writes.
    expect(all.flatMap((a) => Object.values(a).flat().map((e) => e!.type)).sort()).toEqual(
      ['CheckInExcused', 'CheckInRecorded', 'ComplianceChanged', 'ComplianceChanged', 'EnrollmentEnded', 'EnrollmentStarted', 'HearingOutcomeRecorded', 'HearingRescheduled', 'HearingScheduled', 'RepresentationFiled', 'RepresentationWithdrawn', 'SupervisionChanged'],
    );
    // No person's name or free text in any payload.
    expect(JSON.stringify(all)).not.toMatch(/Eva|Outbox|Hospital|Doing well|Case closed/);
  });

  it('keeps no event of a transaction that rolls back, and exactly the events of one that commits', async () => {
    const db = subgraphDb(stack.database.databases.of('legal'));
    const event = (aNumber: string) => ({
      type: 'RepresentationWithdrawn' as const,
      subject: randomUUID(),
      data: { representationId: randomUUID(), aNumber, organizationId: null, caseId: null, withdrawnAt: new Date().toISOString() },
    });
    const rolledBack = await eventsOf(() =>
      inTransaction(db, async (tx) => {
        await appendEvents(tx, legalEvents, [event('A000000001'), event('A000000002')]);
        throw new Error('the change failed after its events were appended');
      }).catch(() => {}),
    );
    expect(rolledBack).toEqual({});
    const committed = await eventsOf(() => inTransaction(db, (tx) => appendEvents(tx, legalEvents, [event('A000000003'), event('A000000004')])));
    expect(committed.legal?.map((e) => e.data.aNumber)).toEqual(['A000000003', 'A000000004']);
  });
});

describe('fileRepresentation against legal\'s copy of the docket', () => {
  it('refuses a case that does not exist with CASE_NOT_FOUND and a case of another person with CASE_BELONGS_TO_ANOTHER_PERSON', async () => {
    const [someone, other] = await stack.sql<{ id: string; a: string }>(`select id, a_number as a from docket.cases order by id limit 2`);
    const input = { aNumber: other!.a, representativeId, form: 'EOIR_28', scope: 'ALL_PROCEEDINGS', isPrimary: false };
    expect(await refusal(FILE, { input: { ...input, caseId: randomUUID() } })).toEqual({ code: 'CASE_NOT_FOUND', field: 'input.caseId' });
    expect(someone!.a).not.toBe(other!.a);
    expect(await refusal(FILE, { input: { ...input, caseId: someone!.id } })).toEqual({ code: 'CASE_BELONGS_TO_ANOTHER_PERSON', field: 'input.caseId' });
    // The person's own case is accepted.
    expect((await ok(FILE, { input: { ...input, caseId: other!.id } })).fileRepresentation.id).toBeTruthy();
  });
});

describe('the copies', () => {
  const HEADLINE = `query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { aNumber checkIns(first: 1) { totalCount } cases { id } } }`;

  it('end a partner\'s access in every domain within a second of withdrawRepresentation returning, and open it within a second of filing', async () => {
    // Someone with a case and check-ins who is not the partner's client, each asked of the domain that
    // knows it (the copies equal their sources from the seed on).
    const withCases = await stack.sql<{ a: string }>(`
      select distinct c.a_number as a from docket.cases c
      where not exists (select 1 from docket.partner_clients p where p.a_number = c.a_number and p.organization_id = '${partnerOrg}')
      order by 1 limit 20`);
    const [person] = await stack.sql<{ a: string }>(`
      select t.a_number as a from checkin.supervision_terms t
      where t.a_number in (${withCases.map((r) => `'${r.a}'`).join(', ')}) and exists (select 1 from checkin.check_ins c where c.enrollee_id = t.enrollee_id)
      order by 1 limit 1`);
    const sees = async () => (await stack.gql(HEADLINE, { a: person!.a }, partnerKey)).body.data?.enrolleeByANumber ?? null;
    expect(await sees()).toBeNull();
    const { fileRepresentation } = await ok(FILE, { input: { aNumber: person!.a, representativeId, form: 'G_28', scope: 'ALL_PROCEEDINGS' } });
    const opened = await within(2_000, async () => {
      const seen = await sees();
      return seen !== null && seen.cases.length > 0 && seen.checkIns.totalCount > 0;
    });
    console.info(`partner access opened after ${opened} ms`);

    await ok(WITHDRAW, { input: { representationId: fileRepresentation.id, reason: 'Conflict' } });
    // The goal (README, BENCHMARKS.md): gone everywhere within 1 s of the mutation returning, p99;
    // asserted here loosely, as one sample polled every 25 ms (in process the commit waits for the
    // hand-off, so it is usually gone at the first look).
    const closed = await within(1_000, async () => {
      const rows = await Promise.all(
        (['enrollment', 'docket', 'checkin'] as const).map((d) => stack.sql(`select 1 from ${d}.partner_clients where organization_id = '${partnerOrg}' and a_number = '${person!.a}'`)),
      );
      return rows.every((r) => r.length === 0) && (await sees()) === null;
    });
    console.info(`partner access ended after ${closed} ms`);
  });

  it('park an event a consumer cannot apply, report it on /readyz and in the logs, and go on with the next', async () => {
    const readyz = async (name: 'docket' | 'legal'): Promise<any> => (await fetch(stack.subgraphs[name]!.url.replace('/graphql', '/readyz'))).json();
    const transport = process.env.NATS_URL ? 'nats' : 'in-process';
    expect((await readyz('docket')).events).toEqual({ transport, deadLetters: {} });
    const db = subgraphDb(stack.database.databases.of('legal'));
    const good = { representationId: randomUUID(), aNumber: 'A000000777', organizationId: partnerOrg, representativeId, caseId: null, form: 'G_28', scope: 'LIMITED', isPrimary: true, filedAt: new Date().toISOString() } as const;
    // Published by a faulty writer: an A-number no copy can hold (each keeps char(10)).
    const poison = { ...good, representationId: randomUUID(), aNumber: 'A0000007770000' };
    const lines: string[] = [];
    configureLogging({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
    await inTransaction(db, (tx) =>
      appendEvents(tx, legalEvents, [
        { type: 'RepresentationFiled', subject: poison.representationId, data: poison },
        { type: 'RepresentationFiled', subject: good.representationId, data: good },
      ]),
    );
    await within(2_000, async () => (await stack.sql(`select 1 from checkin.partner_clients where representation_id = '${good.representationId}'`)).length === 1);
    await within(2_000, async () => (await stack.sql(`select 1 from worklist.partner_clients where representation_id = '${good.representationId}'`)).length === 1);
    await within(2_000, async () => (await stack.sql(`select 1 from worklist.representations where representation_id = '${good.representationId}'`)).length === 1);
    configureLogging({});
    const logged = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'event dead-lettered');
    // Every consumer of legal's events parks it: the partner-client copies and the read models.
    expect(logged.map((line) => line.consumer).sort()).toEqual(['alerts.partner_clients', 'checkin.partner_clients', 'docket.partner_clients', 'enrollment.partner_clients', 'outcomes.facts', 'worklist.partner_clients', 'worklist.people']);
    expect(logged[0]).toMatchObject({ level: 'error', source: 'legal', eventType: 'RepresentationFiled' });
    expect(lines.join('\n')).not.toContain('A000000777');
    for (const domain of ['enrollment', 'docket', 'checkin']) {
      const parked = await stack.sql<{ consumer: string; type: string; error: string }>(`select consumer, type, error from ${domain}.dead_letters`);
      expect(parked).toEqual([expect.objectContaining({ consumer: `${domain}.partner_clients`, type: 'RepresentationFiled' })]);
      expect(parked[0]!.error).not.toContain('A0000007770000');
    }
    const report = await readyz('docket');
    expect(report.status).toBe('ready');
    expect(report.events).toMatchObject({ transport, deadLetters: { 'docket.partner_clients': 1 } });
    expect(report.events.attention).toContain('docket.dead_letters');
    // Legal's own consumer never read legal's events: nothing parked there.
    expect((await readyz('legal')).events.deadLetters).toEqual({});
  });
});
