// Keeps worklist.people and the facts it is derived from (hearings, representations, missed
// check-ins) from all four domains' events. Each event updates its facts, then the person's row is
// derived again (evaluate.ts) at the moment of applying: time-driven changes are the job's
// (jobs/reevaluation.ts) and, for compliance, the check-in domain's own job.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DB } from '../../../../kit/database/db.js';
import type { Consumer } from '../../../shared/events/consumer.js';
import type { CloudEvent } from '../../../shared/events/envelope.js';
import type { CheckInExcusedData, CheckInMissedData, CheckInRecordedData, ComplianceChangedData } from '../../../checkin/events/published.js';
import type { HearingOutcomeRecordedData, HearingRescheduledData, HearingScheduledData } from '../../../docket/events/published.js';
import type { EnrollmentEndedData, EnrollmentStartedData, SupervisionChangedData } from '../../../enrollment/events/published.js';
import type { RepresentationFiledData, RepresentationWithdrawnData } from '../../../legal/events/published.js';
import { consumerOffsets, deadLetters, hearings, missedCheckIns, outbox, people, representations } from '../../db/schema.js';
import { reevaluate, type Who } from '../../evaluate.js';
import { lastCheckInsSnapshot, openMissesSnapshot, publishedComplianceSnapshot } from '../../../checkin/events/snapshots.js';
import { scheduledHearingsSnapshot } from '../../../docket/events/snapshots.js';
import { latestEnrollmentsSnapshot } from '../../../enrollment/events/snapshots.js';
import { activeRepresentationsSnapshot } from '../../../legal/events/snapshots.js';

type Apply = (tx: DB, data: any) => Promise<Who | null>;

/** A person's row, created with only the id when a fact about them arrives before their enrollment. */
async function ensurePerson(tx: DB, enrolleeId: string) {
  await tx.insert(people).values({ enrolleeId }).onConflictDoNothing();
}

/** The office supervising the person now, by this read model's own row (null until enrollment's event arrives, which sets it). */
const officeOf = (aNumber: string) => sql`(select ${people.fieldOfficeCode} from ${people} where ${people.aNumber} = ${aNumber} limit 1)`;

const handlers: Record<string, Apply> = {
  async EnrollmentStarted(tx, d: EnrollmentStartedData) {
    const facts = { aNumber: d.aNumber, fieldOfficeCode: d.fieldOfficeCode, enrollmentId: d.enrollmentId, technology: d.technology, enrollmentStatus: d.status, nameOrder: d.nameOrder };
    await tx.insert(people).values({ enrolleeId: d.enrolleeId, ...facts }).onConflictDoUpdate({ target: people.enrolleeId, set: facts });
    // Their hearings are listed under the office that supervises them now.
    await tx.update(hearings).set({ fieldOfficeCode: d.fieldOfficeCode }).where(and(eq(hearings.aNumber, d.aNumber), sql`${hearings.fieldOfficeCode} is distinct from ${d.fieldOfficeCode}`));
    return { enrolleeIds: [d.enrolleeId] };
  },
  async SupervisionChanged(tx, d: SupervisionChangedData) {
    await tx.update(people).set({ technology: d.technology }).where(and(eq(people.enrolleeId, d.enrolleeId), eq(people.enrollmentId, d.enrollmentId)));
    return null;
  },
  async EnrollmentEnded(tx, d: EnrollmentEndedData) {
    await tx.update(people).set({ enrollmentStatus: d.status }).where(and(eq(people.enrolleeId, d.enrolleeId), eq(people.enrollmentId, d.enrollmentId)));
    return { enrolleeIds: [d.enrolleeId] };
  },
  async CheckInRecorded(tx, d: CheckInRecordedData) {
    await ensurePerson(tx, d.enrolleeId);
    const at = new Date(d.submittedAt);
    await tx
      .update(people)
      .set({ lastCheckInAt: sql`greatest(${people.lastCheckInAt}, ${at})`, checkInOrder: sql`greatest(${people.checkInOrder}, ${at})` })
      .where(eq(people.enrolleeId, d.enrolleeId));
    await tx.delete(missedCheckIns).where(and(eq(missedCheckIns.enrolleeId, d.enrolleeId), eq(missedCheckIns.windowOpensAt, new Date(d.windowOpensAt))));
    return null;
  },
  async CheckInExcused(tx, d: CheckInExcusedData) {
    await tx.delete(missedCheckIns).where(and(eq(missedCheckIns.enrolleeId, d.enrolleeId), eq(missedCheckIns.windowOpensAt, new Date(d.windowOpensAt))));
    return null;
  },
  async CheckInMissed(tx, d: CheckInMissedData) {
    await tx.insert(missedCheckIns).values({ enrolleeId: d.enrolleeId, windowOpensAt: new Date(d.windowOpensAt), windowClosesAt: new Date(d.windowClosesAt) }).onConflictDoNothing();
    return null;
  },
  async ComplianceChanged(tx, d: ComplianceChangedData) {
    await ensurePerson(tx, d.enrolleeId);
    const windowClosesAt = d.windowClosesAt ? new Date(d.windowClosesAt) : null;
    await tx.update(people).set({ complianceLevel: d.level, consecutiveMisses: d.consecutiveMisses, windowClosesAt }).where(eq(people.enrolleeId, d.enrolleeId));
    return { enrolleeIds: [d.enrolleeId] };
  },
  async HearingScheduled(tx, d: HearingScheduledData) {
    await tx.insert(hearings).values({ hearingId: d.hearingId, aNumber: d.aNumber, courtCode: d.courtCode, scheduledAt: new Date(d.scheduledAt), fieldOfficeCode: officeOf(d.aNumber) }).onConflictDoNothing();
    return { aNumbers: [d.aNumber] };
  },
  async HearingRescheduled(tx, d: HearingRescheduledData) {
    await tx.delete(hearings).where(eq(hearings.hearingId, d.hearingId));
    await tx.insert(hearings).values({ hearingId: d.replacementHearingId, aNumber: d.aNumber, courtCode: d.courtCode, scheduledAt: new Date(d.scheduledAt), fieldOfficeCode: officeOf(d.aNumber) }).onConflictDoNothing();
    return { aNumbers: [d.aNumber] };
  },
  async HearingOutcomeRecorded(tx, d: HearingOutcomeRecordedData) {
    await tx.delete(hearings).where(inArray(hearings.hearingId, [d.hearingId, ...d.cancelledHearingIds]));
    return { aNumbers: [d.aNumber] };
  },
  async RepresentationFiled(tx, d: RepresentationFiledData) {
    await tx.insert(representations).values({ representationId: d.representationId, aNumber: d.aNumber }).onConflictDoNothing();
    return { aNumbers: [d.aNumber] };
  },
  async RepresentationWithdrawn(tx, d: RepresentationWithdrawnData) {
    await tx.delete(representations).where(eq(representations.representationId, d.representationId));
    return { aNumbers: [d.aNumber] };
  },
};

export const peopleReadModel: Consumer = {
  name: 'worklist.people',
  owner: 'worklist',
  ownerTables: { outbox, consumerOffsets, deadLetters },
  sources: ['enrollment', 'checkin', 'docket', 'legal'],
  async apply(tx: DB, event: CloudEvent) {
    const handler = handlers[event.type];
    if (!handler) return;
    const who = await handler(tx, event.data);
    if (who) await reevaluate(tx, who, new Date());
  },
  // The facts the read model keeps, each part against its source (events:check).
  checks: [
    { table: people, snapshot: latestEnrollmentsSnapshot, columns: ['enrollee_id', 'a_number', 'field_office_code', 'enrollment_id', 'technology', 'enrollment_status'], where: 'enrollment_id is not null' },
    { table: people, snapshot: publishedComplianceSnapshot, columns: ['enrollee_id', 'compliance_level', 'consecutive_misses', 'window_closes_at'], where: 'compliance_level is not null' },
    { table: people, snapshot: lastCheckInsSnapshot, columns: ['enrollee_id', 'last_check_in_at'], where: 'last_check_in_at is not null' },
    { table: missedCheckIns, snapshot: openMissesSnapshot },
    { table: hearings, snapshot: scheduledHearingsSnapshot, columns: ['hearing_id', 'a_number', 'court_code', 'scheduled_at'] },
    { table: representations, snapshot: activeRepresentationsSnapshot },
  ],
};
