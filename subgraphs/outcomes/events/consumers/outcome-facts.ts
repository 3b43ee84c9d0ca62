// Keeps the outcomes copies from enrollment's, the docket's and legal's events, then re-derives the
// facts of the person the event is about, in the same transaction. Check-in's events carry nothing
// any published measure counts (appearance is at hearings, not check-ins), so they are not read.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DB } from '../../../../kit/database/db.js';
import type { Consumer } from '../../../shared/events/consumer.js';
import type { CloudEvent } from '../../../shared/events/envelope.js';
import type { EnrollmentEndedData, EnrollmentStartedData, SupervisionChangedData } from '../../../enrollment/events/published.js';
import type { CaseOpenedData, docketEvents } from '../../../docket/events/published.js';
import type { EventData } from '../../../shared/events/registry.js';
import type { RepresentationFiledData, RepresentationWithdrawnData } from '../../../legal/events/published.js';
import { casesCopy, consumerOffsets, deadLetters, enrollmentsCopy, hearingsCopy, outbox, representationsCopy, supervisionPeriodsCopy as periods } from '../../db/schema.js';
import { deriveFacts } from '../../derive.js';

type Docket<K extends keyof (typeof docketEvents)['types']> = EventData<typeof docketEvents, K>;

const openPeriodOf = (enrollmentId: string) => and(eq(periods.enrollmentId, enrollmentId), isNull(periods.endedAt));

const handlers: Record<string, (tx: DB, data: any) => Promise<void>> = {
  async EnrollmentStarted(tx, d: EnrollmentStartedData) {
    const startedAt = new Date(d.startedAt);
    await tx.insert(enrollmentsCopy).values({ enrollmentId: d.enrollmentId, aNumber: d.aNumber, fieldOfficeCode: d.fieldOfficeCode, startedAt }).onConflictDoNothing();
    await tx.insert(periods).values({ enrollmentId: d.enrollmentId, startedAt, aNumber: d.aNumber, technology: d.technology, dailyCostCents: d.dailyCostCents }).onConflictDoNothing();
  },
  async SupervisionChanged(tx, d: SupervisionChangedData) {
    const effectiveAt = new Date(d.effectiveAt);
    await tx.update(periods).set({ endedAt: effectiveAt }).where(openPeriodOf(d.enrollmentId));
    // A period superseded at the very instant it began never was in force.
    await tx.delete(periods).where(and(eq(periods.enrollmentId, d.enrollmentId), eq(periods.startedAt, effectiveAt), eq(periods.endedAt, effectiveAt)));
    await tx.insert(periods).values({ enrollmentId: d.enrollmentId, startedAt: effectiveAt, aNumber: d.aNumber, technology: d.technology, dailyCostCents: d.dailyCostCents });
  },
  async EnrollmentEnded(tx, d: EnrollmentEndedData) {
    const endedAt = new Date(d.endedAt);
    await tx.update(enrollmentsCopy).set({ endedAt, endStatus: d.status }).where(eq(enrollmentsCopy.enrollmentId, d.enrollmentId));
    await tx.update(periods).set({ endedAt }).where(openPeriodOf(d.enrollmentId));
  },
  async CaseOpened(tx, d: CaseOpenedData) {
    await tx.insert(casesCopy).values({ caseId: d.caseId, aNumber: d.aNumber, courtCode: d.courtCode, noticeToAppearDate: d.noticeToAppearDate }).onConflictDoNothing();
  },
  async HearingScheduled(tx, d: Docket<'HearingScheduled'>) {
    await tx.insert(hearingsCopy).values({ hearingId: d.hearingId, caseId: d.caseId, aNumber: d.aNumber, courtCode: d.courtCode, scheduledAt: new Date(d.scheduledAt), status: 'SCHEDULED' }).onConflictDoNothing();
  },
  async HearingRescheduled(tx, d: Docket<'HearingRescheduled'>) {
    await tx.update(hearingsCopy).set({ status: 'ADJOURNED' }).where(eq(hearingsCopy.hearingId, d.hearingId));
    await tx
      .insert(hearingsCopy)
      .values({ hearingId: d.replacementHearingId, caseId: d.caseId, aNumber: d.aNumber, courtCode: d.courtCode, scheduledAt: new Date(d.scheduledAt), status: 'SCHEDULED' })
      .onConflictDoNothing();
  },
  async HearingOutcomeRecorded(tx, d: Docket<'HearingOutcomeRecorded'>) {
    await tx.update(hearingsCopy).set({ status: 'HELD', attendance: d.attendance }).where(eq(hearingsCopy.hearingId, d.hearingId));
    if (d.cancelledHearingIds.length) await tx.update(hearingsCopy).set({ status: 'CANCELLED' }).where(inArray(hearingsCopy.hearingId, d.cancelledHearingIds));
    if (d.decision && d.decidedAt) {
      await tx.update(casesCopy).set({ decision: d.decision, decidedAt: new Date(d.decidedAt), inAbsentia: d.inAbsentia }).where(eq(casesCopy.caseId, d.caseId));
    }
  },
  async RepresentationFiled(tx, d: RepresentationFiledData) {
    await tx.insert(representationsCopy).values({ representationId: d.representationId, aNumber: d.aNumber, filedAt: new Date(d.filedAt) }).onConflictDoNothing();
  },
  async RepresentationWithdrawn(tx, d: RepresentationWithdrawnData) {
    await tx.update(representationsCopy).set({ withdrawnAt: new Date(d.withdrawnAt) }).where(eq(representationsCopy.representationId, d.representationId));
  },
};

export const outcomeFacts: Consumer = {
  name: 'outcomes.facts',
  owner: 'outcomes',
  ownerTables: { outbox, consumerOffsets, deadLetters },
  sources: ['enrollment', 'docket', 'legal'],
  async apply(tx: DB, event: CloudEvent) {
    const handle = handlers[event.type];
    if (!handle) return;
    const data = event.data as { aNumber: string };
    await handle(tx, data);
    await deriveFacts(tx, [data.aNumber]);
  },
};
