// Keeps checkin.supervision_terms, the periods check-in windows are computed from, from enrollment's
// events: the same periods the enrollment domain's own rows describe (see db/schema.ts).
import { and, eq, isNull } from 'drizzle-orm';
import type { DB } from '../../../../kit/database/db.js';
import type { Consumer } from '../../../shared/events/consumer.js';
import type { CloudEvent } from '../../../shared/events/envelope.js';
import { supervisionPeriodsSnapshot } from '../../../enrollment/events/snapshots.js';
import type { EnrollmentEndedData, EnrollmentStartedData, SupervisionChangedData } from '../../../enrollment/events/published.js';
import { markDue } from '../../compliance-state.js';
import { consumerOffsets, deadLetters, outbox, supervisionTerms as terms } from '../../db/schema.js';

const openPeriodOf = (enrollmentId: string) => and(eq(terms.enrollmentId, enrollmentId), isNull(terms.endedAt));

async function started(tx: DB, data: EnrollmentStartedData): Promise<void> {
  await tx
    .insert(terms)
    .values({ enrollmentId: data.enrollmentId, startedAt: new Date(data.startedAt), enrolleeId: data.enrolleeId, aNumber: data.aNumber, technology: data.technology, checkInCadence: data.checkInCadence })
    .onConflictDoNothing();
}

async function changed(tx: DB, data: SupervisionChangedData): Promise<void> {
  const effectiveAt = new Date(data.effectiveAt);
  await tx.update(terms).set({ endedAt: effectiveAt }).where(openPeriodOf(data.enrollmentId));
  // A period superseded at the very instant it began never was in force.
  await tx.delete(terms).where(and(eq(terms.enrollmentId, data.enrollmentId), eq(terms.startedAt, effectiveAt), eq(terms.endedAt, effectiveAt)));
  await tx.insert(terms).values({
    enrollmentId: data.enrollmentId,
    startedAt: effectiveAt,
    enrolleeId: data.enrolleeId,
    aNumber: data.aNumber,
    technology: data.technology,
    checkInCadence: data.checkInCadence,
  });
}

async function ended(tx: DB, data: EnrollmentEndedData): Promise<void> {
  await tx.update(terms).set({ endedAt: new Date(data.endedAt) }).where(openPeriodOf(data.enrollmentId));
}

export const supervisionTermsCopy: Consumer = {
  name: 'checkin.supervision_terms',
  owner: 'checkin',
  ownerTables: { outbox, consumerOffsets, deadLetters },
  sources: ['enrollment'],
  copy: { table: terms, snapshot: supervisionPeriodsSnapshot },
  async apply(tx: DB, event: CloudEvent) {
    if (event.type === 'EnrollmentStarted') await started(tx, event.data as EnrollmentStartedData);
    else if (event.type === 'SupervisionChanged') await changed(tx, event.data as SupervisionChangedData);
    else if (event.type === 'EnrollmentEnded') await ended(tx, event.data as EnrollmentEndedData);
    else return;
    // The windows moved: compliance is evaluated again on the job's next run.
    await markDue(tx, (event.data as { enrolleeId: string }).enrolleeId);
  },
};
