// Tables of the `worklist` Postgres schema. Everything here is derived from the four domains'
// events (events/consumers/): the read model can always be rebuilt from their logs. No names,
// contact details or locations: a row's person is reached through the `Enrollee` entity.
import { sql } from 'drizzle-orm';
import { boolean, char, index, integer, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { auditEventsTable } from '../../shared/audit.js';
import { eventTables } from '../../shared/events/tables.js';
import { partnerClientsTable } from '../../shared/partner-clients.js';
import { scheduledJobsTable } from '../../shared/scheduled-job.js';

export const worklist = pgSchema('worklist');

/**
 * One row per person: the facts the supervision rule reads, what it said (level, reasons, urgency)
 * at `evaluated_at`, and `reevaluate_at`, the next instant its verdict changes with time alone (a
 * hearing entering the week or starting). Facts from check-in may arrive before the enrollment
 * that names the person (the domains' logs are ordered each on its own), so the enrollment
 * columns are null until then, and such a row is not listed.
 * `hearing_order` / `check_in_order` are the sort keys of NEXT_HEARING and LAST_CHECK_IN with
 * nothing mapped to the far end, so keyset pages need no NULL handling.
 */
export const people = worklist.table(
  'people',
  {
    enrolleeId: uuid('enrollee_id').primaryKey(),
    aNumber: char('a_number', { length: 10 }),
    fieldOfficeCode: text('field_office_code'),
    enrollmentId: uuid('enrollment_id'),
    technology: text(),
    enrollmentStatus: text('enrollment_status'),
    complianceLevel: text('compliance_level'),
    consecutiveMisses: integer('consecutive_misses').notNull().default(0),
    lastCheckInAt: timestamp('last_check_in_at', { withTimezone: true }),
    windowClosesAt: timestamp('window_closes_at', { withTimezone: true }),
    nextHearingId: uuid('next_hearing_id'),
    nextHearingAt: timestamp('next_hearing_at', { withTimezone: true }),
    nextHearingCourtCode: text('next_hearing_court_code'),
    represented: boolean().notNull().default(false),
    /** The person's position in the enrollment domain's family-name order (an opaque key, never the name). */
    nameOrder: text('name_order').notNull().default(''),
    level: text().notNull().default('NOT_SUPERVISED'),
    reasons: text().array().notNull().default(sql`'{}'::text[]`),
    urgency: integer().notNull().default(0),
    hearingOrder: timestamp('hearing_order', { withTimezone: true }).notNull().default(sql`'9999-12-31T00:00:00Z'`),
    checkInOrder: timestamp('check_in_order', { withTimezone: true }).notNull().default(sql`'epoch'`),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }).notNull().default(sql`'epoch'`),
    reevaluateAt: timestamp('reevaluate_at', { withTimezone: true }).notNull().default(sql`'9999-12-31T00:00:00Z'`),
  },
  (t) => [
    index('people_a_number_idx').on(t.aNumber),
    // One index per order, led by the office every staff screen filters by.
    index('people_office_urgency_idx').on(t.fieldOfficeCode, t.urgency.desc(), t.hearingOrder, t.enrolleeId),
    index('people_office_hearing_idx').on(t.fieldOfficeCode, t.hearingOrder, t.enrolleeId),
    index('people_office_check_in_idx').on(t.fieldOfficeCode, t.checkInOrder, t.enrolleeId),
    index('people_office_name_idx').on(t.fieldOfficeCode, t.nameOrder, t.enrolleeId),
    index('people_name_idx').on(t.nameOrder, t.enrolleeId),
    index('people_urgency_idx').on(t.urgency.desc(), t.hearingOrder, t.enrolleeId),
    index('people_hearing_idx').on(t.hearingOrder, t.enrolleeId),
    index('people_check_in_idx').on(t.checkInOrder, t.enrolleeId),
    index('people_office_level_idx').on(t.fieldOfficeCode, t.level),
    index('people_reevaluate_idx').on(t.reevaluateAt),
  ],
);
export type PersonRow = typeof people.$inferSelect;

/** The docket's hearings still SCHEDULED (held, adjourned and cancelled ones are removed). */
export const hearings = worklist.table(
  'hearings',
  {
    hearingId: uuid('hearing_id').primaryKey(),
    aNumber: char('a_number', { length: 10 }).notNull(),
    courtCode: text('court_code').notNull(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    /**
     * The field office supervising the person now (their people row's), kept here by the consumer so a
     * field office's upcoming hearings are one index range, not a join with the office's people (the
     * largest office's count read 68,000 people and 200,000 hearings: 1.7 s p95 under load).
     */
    fieldOfficeCode: text('field_office_code'),
  },
  (t) => [
    index('hearings_a_number_idx').on(t.aNumber, t.scheduledAt),
    index('hearings_scheduled_idx').on(t.scheduledAt, t.hearingId),
    index('hearings_office_scheduled_idx').on(t.fieldOfficeCode, t.scheduledAt, t.hearingId),
  ],
);
export type HearingRow = typeof hearings.$inferSelect;

/** Active representations (with or without an organisation): "represented or not". */
export const representations = worklist.table(
  'representations',
  {
    representationId: uuid('representation_id').primaryKey(),
    aNumber: char('a_number', { length: 10 }).notNull(),
  },
  (t) => [index('representations_a_number_idx').on(t.aNumber)],
);

/** Windows check-in reported missed (CheckInMissed); removed when a late check-in or an excuse fills one. */
export const missedCheckIns = worklist.table(
  'missed_check_ins',
  {
    enrolleeId: uuid('enrollee_id').notNull(),
    windowOpensAt: timestamp('window_opens_at', { withTimezone: true }).notNull(),
    windowClosesAt: timestamp('window_closes_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enrolleeId, t.windowOpensAt] }), index('missed_check_ins_closes_idx').on(t.enrolleeId, t.windowClosesAt)],
);

/** This read model's copy of each partner organisation's active clients, fed by legal's events. */
export const partnerClients = partnerClientsTable(worklist);

/** When this read model's scheduled jobs last ran and are next due (shared/scheduled-job.ts). */
export const scheduledJobs = scheduledJobsTable(worklist);

/** Audit trail of sensitive reads (none are defined today; the table keeps the shape uniform). */
export const auditEvents = auditEventsTable(worklist);

/** Outbox (it publishes nothing), consumer offsets and dead letters (shared/events/tables.ts). */
export const { outbox, consumerOffsets, deadLetters } = eventTables(worklist);
