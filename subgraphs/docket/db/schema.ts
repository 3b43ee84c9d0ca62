// Tables of the `docket` Postgres schema. People are known here only by A-number.
import { auditEventsTable } from '../../shared/audit.js';
import { eventTables } from '../../shared/events/tables.js';
import { partnerClientsTable } from '../../shared/partner-clients.js';
import { sql } from 'drizzle-orm';
import { boolean, char, date, index, pgSchema, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const docket = pgSchema('docket');

export const caseType = docket.enum('case_type', ['REMOVAL', 'ASYLUM_ONLY', 'WITHHOLDING_ONLY']);
export const caseStatus = docket.enum('case_status', ['PENDING', 'COMPLETED']);
export const caseDecision = docket.enum('case_decision', [
  'RELIEF_GRANTED',
  'REMOVAL_ORDERED',
  'VOLUNTARY_DEPARTURE',
  'TERMINATED',
  'DISMISSED',
  'ADMINISTRATIVELY_CLOSED',
]);
export const hearingCalendar = docket.enum('hearing_calendar', ['MASTER', 'INDIVIDUAL', 'BOND']);
export const hearingMedium = docket.enum('hearing_medium', ['IN_PERSON', 'VIDEO', 'TELEPHONIC']);
export const hearingStatus = docket.enum('hearing_status', ['SCHEDULED', 'HELD', 'ADJOURNED', 'CANCELLED']);
export const attendance = docket.enum('attendance', ['APPEARED', 'FAILED_TO_APPEAR']);

/** EOIR immigration courts (reference data, loaded by migrate). */
export const courts = docket.table('courts', {
  code: text().primaryKey(),
  name: text().notNull(),
  city: text().notNull(),
  state: char({ length: 2 }).notNull(),
  timeZone: text('time_zone').notNull(),
});

export const cases = docket.table(
  'cases',
  {
    id: uuid().primaryKey().defaultRandom(),
    aNumber: char('a_number', { length: 10 }).notNull(),
    caseType: caseType('case_type').notNull(),
    courtCode: text('court_code').notNull().references(() => courts.code),
    status: caseStatus().notNull(),
    noticeToAppearDate: date('notice_to_appear_date', { mode: 'string' }).notNull(),
    decision: caseDecision(),
    inAbsentia: boolean('in_absentia').notNull().default(false),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [index('cases_a_number_idx').on(t.aNumber, t.noticeToAppearDate.desc())],
);

export const hearings = docket.table(
  'hearings',
  {
    id: uuid().primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    // Copied from the case (same schema) so a person's hearings are one index range.
    aNumber: char('a_number', { length: 10 }).notNull(),
    courtCode: text('court_code').notNull().references(() => courts.code),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    calendar: hearingCalendar().notNull(),
    medium: hearingMedium().notNull(),
    judge: text(),
    courtroom: text(),
    status: hearingStatus().notNull(),
    attendance: attendance(),
    adjournmentReason: text('adjournment_reason'),
    /** On an ADJOURNED hearing that was rescheduled: the hearing that replaced it. */
    rescheduledAsId: uuid('rescheduled_as_id').references((): AnyPgColumn => hearings.id),
  },
  (t) => [
    index('hearings_person_idx').on(t.aNumber, t.scheduledAt, t.id),
    index('hearings_upcoming_idx').on(t.aNumber, t.scheduledAt).where(sql`status = 'SCHEDULED'`),
    index('hearings_calendar_idx').on(t.courtCode, t.scheduledAt, t.id),
    index('hearings_case_idx').on(t.caseId, t.scheduledAt),
    // A replacement hearing replaces exactly one adjourned hearing.
    uniqueIndex('hearings_rescheduled_as_idx').on(t.rescheduledAsId),
  ],
);

export type CourtRow = typeof courts.$inferSelect;
export type CaseRow = typeof cases.$inferSelect;
export type HearingRow = typeof hearings.$inferSelect;

/** This domain's append-only audit trail (see shared/audit.ts). */
export const auditEvents = auditEventsTable(docket);

/** Outbox, consumer offsets and dead letters (shared/events/tables.ts). */
export const { outbox, consumerOffsets, deadLetters } = eventTables(docket);

/** This domain's copy of each partner organisation's active clients, fed by legal's events. */
export const partnerClients = partnerClientsTable(docket);
