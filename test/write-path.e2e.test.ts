// The write path over HTTP through the gateway: retries and races settle to one truth, failures
// leave nothing behind, every change is audited, and reads in the other domains follow the writes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support/stack.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let stack: TestStack;
let serial = 0;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 40, seed: 11 });
});
afterAll(() => stack?.close());

/** A fresh A-number no seeded person has (the seed uses A2xxxxxxxx). */
const newANumber = () => `A9${String(Date.now() % 1e6).padStart(6, '0')}${String(++serial).padStart(2, '0')}`;

const ENROLL = `mutation($input: EnrollInput!) {
  enroll(input: $input) { id status technology checkInCadence startedAt enrollee { id aNumber } }
}`;

/** Enrols a new SmartLINK person on a weekly cadence whose enrolment started `ago` ms before now. */
async function enrollNew(ago: number) {
  const aNumber = newANumber();
  const { body } = await stack.gql(ENROLL, {
    input: {
      aNumber,
      givenName: 'Test',
      familyName: `Person ${serial}`,
      fieldOfficeCode: 'ATL',
      technology: 'SMARTLINK',
      checkInCadence: 'WEEKLY',
      startedAt: new Date(Date.now() - ago).toISOString(),
    },
  });
  expect(body.errors).toBeUndefined();
  const enrolleeId = body.data.enroll.enrollee.id as string;
  // In process check-in has the terms when enroll returns; through NATS (four databases) a moment later.
  for (const started = Date.now(); Date.now() - started < 2_000; await new Promise((resolve) => setTimeout(resolve, 25))) {
    if ((await stack.sql(`select 1 from checkin.supervision_terms where enrollee_id = '${enrolleeId}'`)).length > 0) break;
  }
  return { aNumber, enrolleeId, enrollmentId: body.data.enroll.id as string };
}

const RECORD = `mutation($input: RecordCheckInInput!) {
  recordCheckIn(input: $input) { id submittedAt outcome method identityVerification dueWindow { opensAt closesAt } }
}`;

const checkInInput = (enrolleeId: string, idempotencyKey: string) => ({
  idempotencyKey,
  enrolleeId,
  method: 'APP_PHOTO',
  identityVerification: 'MATCHED',
  location: { latitude: 33.749, longitude: -84.388, accuracyMeters: 12 },
});

describe('recordCheckIn under retries', () => {
  it('gives 20 concurrent resends of one check-in one row and 20 identical answers', async () => {
    // Started 7 days + 1 hour ago: the first weekly window opened an hour ago and is open.
    const { enrolleeId } = await enrollNew(7 * DAY + HOUR);
    const input = checkInInput(enrolleeId, `phone-${randomUUID()}`);
    const responses = await Promise.all(Array.from({ length: 20 }, () => stack.gql(RECORD, { input })));
    for (const { status, body } of responses) {
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
    }
    const answers = responses.map((r) => JSON.stringify(r.body.data.recordCheckIn));
    expect(new Set(answers).size).toBe(1);
    expect(responses[0]!.body.data.recordCheckIn.outcome).toBe('ON_TIME');
    const rows = await stack.sql<{ n: number }>(`select count(*)::int as n from checkin.check_ins where enrollee_id = '${enrolleeId}'`);
    expect(rows[0]!.n).toBe(1);
    const audit = await stack.gql(`query($id: UUID!) { checkInAuditEvents(enrolleeId: $id) { totalCount edges { node { operation recordType callerKind callerId changes } } } }`, {
      id: enrolleeId,
    });
    expect(audit.body.data.checkInAuditEvents.totalCount).toBe(1);
    const event = audit.body.data.checkInAuditEvents.edges[0].node;
    // The real caller: the API key's id (its public half), never the secret.
    expect(event).toMatchObject({ operation: 'recordCheckIn', recordType: 'CheckIn', callerKind: 'staff', callerId: stack.keys.admin.split('_')[1] });
    // The location is the most sensitive field: the trail says it was given, never where.
    expect(JSON.stringify(event.changes)).not.toContain('33.749');
  });

  it('refuses the same idempotency key with a different payload', async () => {
    const { enrolleeId } = await enrollNew(7 * DAY + HOUR);
    const key = `phone-${randomUUID()}`;
    expect((await stack.gql(RECORD, { input: checkInInput(enrolleeId, key) })).body.errors).toBeUndefined();
    const { body } = await stack.gql(RECORD, { input: { ...checkInInput(enrolleeId, key), method: 'VOICE_CALL' } });
    expect(body.errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(body.errors?.[0]?.message).toMatch(/idempotency/i);
  });
});

describe('enroll under a race', () => {
  it('leaves one enrollee and one active enrollment when two enrol the same new A-number at once', async () => {
    const aNumber = newANumber();
    const input = { aNumber, givenName: 'Race', familyName: 'Condition', fieldOfficeCode: 'NYC', technology: 'VOICE_ID', checkInCadence: 'BIWEEKLY' };
    const [a, b] = await Promise.all([stack.gql(ENROLL, { input }), stack.gql(ENROLL, { input })]);
    const codes = [a, b].map((r) => r.body.errors?.[0]?.extensions?.code ?? 'OK').sort();
    expect(codes).toEqual(['ENROLLMENT_ALREADY_ACTIVE', 'OK']);
    const { body } = await stack.gql(`query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { enrollments { status } currentEnrollment { status } } }`, { a: aNumber });
    expect(body.data.enrolleeByANumber.enrollments).toEqual([{ status: 'ACTIVE' }]);
    const people = await stack.sql<{ n: number }>(`select count(*)::int as n from enrollment.enrollees where a_number = '${aNumber}'`);
    expect(people[0]!.n).toBe(1);
  });

  it('writes nothing when an enrolment is refused', async () => {
    const aNumber = newANumber();
    const { body } = await stack.gql(ENROLL, {
      input: { aNumber, givenName: 'No', familyName: 'Office', fieldOfficeCode: 'ZZZ', technology: 'SMARTLINK', checkInCadence: 'WEEKLY' },
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.extensions?.field).toBe('input.fieldOfficeCode');
    const people = await stack.sql<{ n: number }>(`select count(*)::int as n from enrollment.enrollees where a_number = '${aNumber}'`);
    expect(people[0]!.n).toBe(0);
  });
});

describe('reads follow writes across domains', () => {
  const SUMMARY = `query($a: ANumber!) { enrolleeByANumber(aNumber: $a) {
    compliance { missedLast30d consecutiveMisses } lastCheckIn { outcome }
    nextHearing { id scheduledAt } supervisionStatus { nextHearingAt }
    isRepresented representation { id } } }`;
  const summary = async (aNumber: string) => {
    const { body } = await stack.gql(SUMMARY, { a: aNumber });
    expect(body.errors).toBeUndefined();
    return body.data.enrolleeByANumber;
  };

  it('moves compliance after a late check-in fills a missed window', async () => {
    // Started 8 days + 1 hour ago: the first window opened 25 hours ago and closed an hour ago, empty.
    const { aNumber, enrolleeId } = await enrollNew(8 * DAY + HOUR);
    const before = await summary(aNumber);
    expect(before.compliance).toEqual({ missedLast30d: 1, consecutiveMisses: 1 });
    expect(before.lastCheckIn).toBeNull();
    const { body } = await stack.gql(RECORD, { input: checkInInput(enrolleeId, `late-${randomUUID()}`) });
    expect(body.errors).toBeUndefined();
    expect(body.data.recordCheckIn.outcome).toBe('LATE');
    const after = await summary(aNumber);
    expect(after.compliance).toEqual({ missedLast30d: 0, consecutiveMisses: 0 });
    expect(after.lastCheckIn).toEqual({ outcome: 'LATE' });
  });

  it('moves nextHearing and supervisionStatus when the next hearing is rescheduled', async () => {
    const [row] = await stack.sql<{ a_number: string; id: string }>(`
      select distinct on (h.a_number) h.a_number, h.id from docket.hearings h
      join docket.cases c on c.id = h.case_id and c.status = 'PENDING'
      where h.status = 'SCHEDULED' and h.scheduled_at > now() + interval '3 days'
      order by h.a_number, h.scheduled_at limit 1`);
    const before = await summary(row!.a_number);
    expect(before.nextHearing.id).toBe(row!.id);
    const sooner = new Date(Math.floor((Date.now() + 2 * DAY) / 60_000) * 60_000).toISOString();
    const { body } = await stack.gql(
      `mutation($input: RescheduleHearingInput!) { rescheduleHearing(input: $input) { id scheduledAt status } }`,
      { input: { hearingId: row!.id, scheduledAt: sooner, reason: 'Court closure' } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.rescheduleHearing).toMatchObject({ scheduledAt: sooner, status: 'SCHEDULED' });
    const after = await summary(row!.a_number);
    expect(after.nextHearing).toEqual({ id: body.data.rescheduleHearing.id, scheduledAt: sooner });
    expect(after.supervisionStatus.nextHearingAt).toBe(sooner);
    const old = await stack.gql(`query($id: UUID!) { hearing(id: $id) { status adjournmentReason rescheduledAs { id } } }`, { id: row!.id });
    expect(old.body.data.hearing).toEqual({ status: 'ADJOURNED', adjournmentReason: 'Court closure', rescheduledAs: { id: body.data.rescheduleHearing.id } });
  });

  it('turns isRepresented false when the only representation is withdrawn, and audits it without the reason', async () => {
    const [row] = await stack.sql<{ a_number: string; id: string }>(`
      select a_number, min(id::text) as id from legal.representations where withdrawn_at is null
      group by a_number having count(*) = 1 order by a_number limit 1`);
    expect((await summary(row!.a_number)).isRepresented).toBe(true);
    const reason = 'Client moved to another state';
    const { body } = await stack.gql(
      `mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id isActive withdrawnAt } }`,
      { input: { representationId: row!.id, reason } },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.withdrawRepresentation.isActive).toBe(false);
    const after = await summary(row!.a_number);
    expect(after.isRepresented).toBe(false);
    expect(after.representation).toBeNull();
    const audit = await stack.gql(`query($a: ANumber!) { legalAuditEvents(aNumber: $a) { edges { node { operation recordId changes } } } }`, { a: row!.a_number });
    const events = audit.body.data.legalAuditEvents.edges.map((e: { node: unknown }) => e.node);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ operation: 'withdrawRepresentation', recordId: row!.id });
    expect(JSON.stringify(events[0].changes)).not.toContain(reason);
  });
});

describe('audit trail', () => {
  it('is append-only in the database itself', async () => {
    await enrollNew(HOUR);
    for (const statement of ['update enrollment.audit_events set caller_id = $$x$$', 'delete from enrollment.audit_events', 'truncate enrollment.audit_events']) {
      await expect(stack.sql(statement)).rejects.toThrow(/append-only/);
    }
    const rows = await stack.sql<{ n: number }>('select count(*)::int as n from enrollment.audit_events');
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});
