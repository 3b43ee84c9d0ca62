// The copies other domains keep of a person's seeded facts, written from the same generated rows
// and exactly as their consumers would have written them from the events (see each domain's
// events/consumers/), so every copy equals its source from the start. Cases are only ever opened
// here (no mutation opens one), so this is also where legal learns the docket's cases.
import type { Batch } from './writer.js';

/** Copies of one enrollment row (tables.ts column order): check-in's supervision period, outcomes' enrollment and period. */
export function addEnrollmentCopies(batch: Batch, aNumber: string, enrollment: readonly unknown[], fieldOfficeCode: string): void {
  const [id, enrolleeId, technology, cadence, status, startedAt, endedAt, , dailyCostCents] = enrollment;
  // Seeded enrollments have no supervision changes: each is exactly one period.
  batch.add('supervisionTerms', [id, startedAt, enrolleeId, aNumber, technology, cadence, endedAt]);
  batch.add('outcomesEnrollments', [id, aNumber, fieldOfficeCode, startedAt, endedAt, status === 'ACTIVE' ? null : status]);
  batch.add('outcomesPeriods', [id, startedAt, aNumber, technology, dailyCostCents, endedAt]);
}

/** Copies of one hearing row: outcomes' hearing (what HearingScheduled and HearingOutcomeRecorded carry). */
export function addHearingCopies(batch: Batch, hearing: readonly unknown[]): void {
  const [id, caseId, aNumber, courtCode, scheduledAt, , , , , status, attendance] = hearing;
  batch.add('outcomesHearings', [id, caseId, aNumber, courtCode, scheduledAt, status, attendance]);
}

/** Copies of one case row: legal's case -> A-number pair (what CaseOpened carries), outcomes' case with its decision. */
export function addCaseCopies(batch: Batch, caseRow: readonly unknown[]): void {
  const [caseId, aNumber, , courtCode, , noticeToAppearDate, decision, inAbsentia, decidedAt] = caseRow;
  batch.add('docketCases', [caseId, aNumber]);
  batch.add('outcomesCases', [caseId, aNumber, courtCode, noticeToAppearDate, decision, inAbsentia, decidedAt]);
}

/** Copies of one representation row: each domain's partner clients, while it is active and has an organisation. */
export function addRepresentationCopies(batch: Batch, representation: readonly unknown[]): void {
  const [id, aNumber, , , organizationId, , , , filedAt, withdrawnAt] = representation;
  batch.add('outcomesRepresentations', [id, aNumber, filedAt, withdrawnAt]);
  if (!organizationId || withdrawnAt) return;
  const client = [id, organizationId, aNumber];
  batch.add('enrollmentPartnerClients', client);
  batch.add('docketPartnerClients', client);
  batch.add('checkinPartnerClients', client);
  batch.add('worklistPartnerClients', client);
  batch.add('alertsPartnerClients', client);
}

/** Copies of one person (enrollees row, its enrollment rows): alerts' A-number -> field office, active while an enrollment is, and enrollee id. */
export function addPersonCopies(batch: Batch, person: readonly unknown[], enrollments: readonly (readonly unknown[])[]): void {
  const [enrolleeId, aNumber] = person;
  const fieldOfficeCode = person[13];
  batch.add('alertsSupervisedPeople', [aNumber, fieldOfficeCode, enrollments.some((e) => e[4] === 'ACTIVE'), enrolleeId]);
}
