// Tables of the `checkin` Postgres schema, including the copies it keeps of what other domains publish.
import { auditEventsTable } from '../../shared/audit.js';
import { scheduledJobsTable } from '../../shared/scheduled-job.js';
import { eventTables } from '../../shared/events/tables.js';
import { partnerClientsTable } from '../../shared/partner-clients.js';
import { sql } from 'drizzle-orm';
import { char, doublePrecision, index, integer, pgSchema, primaryKey, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const checkin = pgSchema('checkin');

export const checkInMethod = checkin.enum('check_in_method', ['APP_PHOTO', 'VOICE_CALL', 'OFFICE_VISIT', 'HOME_VISIT']);
export const identityVerification = checkin.enum('identity_verification', ['MATCHED', 'NOT_MATCHED', 'INCONCLUSIVE']);

/**
 * What happened in a due window: a submission, or an excuse for a miss. A window with no row is
 * missed once it closes; windows themselves come from the schedule (`supervision_terms`).
 */
export const checkIns = checkin.table(
  'check_ins',
  {
    id: uuid().primaryKey().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    method: checkInMethod(),
    verification: identityVerification(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    accuracyMeters: real('accuracy_meters'),
    excuseReason: text('excuse_reason'),
    /** When location retention rounded this row's location to about a kilometre (jobs/location-retention.ts). */
    locationCoarsenedAt: timestamp('location_coarsened_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('check_ins_window_idx').on(t.enrolleeId, t.dueAt),
    index('check_ins_last_submitted_idx').on(t.enrolleeId, t.submittedAt.desc()).where(sql`submitted_at is not null`),
    // Location retention's two queues, each holding only the rows it still has to touch: exact
    // locations (the last month's, once the job keeps up) and any location (the last year's).
    index('check_ins_exact_location_idx').on(t.submittedAt).where(sql`latitude is not null and location_coarsened_at is null`),
    index('check_ins_location_idx').on(t.submittedAt).where(sql`latitude is not null`),
  ],
);

/**
 * This domain's copy of the supervision terms, fed by enrollment's events (events/consumers/):
 * one row per supervision period, the technology and cadence in force from `started_at` until
 * `ended_at` (null while in force). A period runs from the enrollment's start (or a supervision
 * change) to the next change (or the enrollment's end); a period superseded at the very instant it
 * began (two changes at one instant) is removed. Check-in windows are computed from these rows.
 * `a_number` maps the enrollee id to the key partner isolation filters by.
 */
export const supervisionTerms = checkin.table(
  'supervision_terms',
  {
    enrollmentId: uuid('enrollment_id').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    enrolleeId: uuid('enrollee_id').notNull(),
    aNumber: char('a_number', { length: 10 }).notNull(),
    technology: text().notNull(),
    checkInCadence: text('check_in_cadence').notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.enrollmentId, t.startedAt] }),
    index('supervision_terms_enrollee_idx').on(t.enrolleeId, t.startedAt),
    index('supervision_terms_a_number_idx').on(t.aNumber),
  ],
);

export type CheckInRow = typeof checkIns.$inferSelect;

/**
 * A phone's idempotency key for `recordCheckIn`: a resend with the same key and payload gets the
 * check-in the first request created. The key is inserted first in the mutation's transaction, so
 * concurrent resends queue on its primary key instead of racing. `check_in_id` is written before the
 * check-in it names (same transaction), and carries no foreign key so the seed's `TRUNCATE` of
 * check_ins keeps working.
 */
export const idempotencyKeys = checkin.table('idempotency_keys', {
  key: text().primaryKey(),
  /** SHA-256 (hex) of the canonical request payload (idempotency.ts). */
  requestHash: text('request_hash').notNull(),
  checkInId: uuid('check_in_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** When each of this domain's scheduled jobs last ran and is next due (see shared/scheduled-job.ts). */
export const scheduledJobs = scheduledJobsTable(checkin);

/** This domain's append-only audit trail (see shared/audit.ts). */
export const auditEvents = auditEventsTable(checkin);

/** Outbox, consumer offsets and dead letters (shared/events/tables.ts). */
export const { outbox, consumerOffsets, deadLetters } = eventTables(checkin);

/** This domain's copy of each partner organisation's active clients, fed by legal's events. */
export const partnerClients = partnerClientsTable(checkin);

/**
 * What this domain last published about each person's compliance (ComplianceChanged), and when it
 * must look again: the next instant a window closes or a counted window ages out of the 30- or
 * 90-day span. The compliance-evaluation job (jobs/compliance-evaluation.ts) takes the rows that are
 * due, through the partial-free index on `next_evaluation_at`, so a run costs what is due, not the
 * population. A new supervision term makes the person due at once.
 */
export const complianceStates = checkin.table(
  'compliance_states',
  {
    enrolleeId: uuid('enrollee_id').primaryKey(),
    level: text(),
    consecutiveMisses: integer('consecutive_misses').notNull().default(0),
    windowClosesAt: timestamp('window_closes_at', { withTimezone: true }),
    evaluatedAt: timestamp('evaluated_at', { withTimezone: true }),
    nextEvaluationAt: timestamp('next_evaluation_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('compliance_states_due_idx').on(t.nextEvaluationAt)],
);
export type ComplianceStateRow = typeof complianceStates.$inferSelect;

/**
 * Every window this domain reported missed (a CheckInMissed it published), kept so that the copies
 * other domains make of those events can be checked against their source (events:check): a miss is
 * an absence, so check_ins alone cannot say which windows were reported. A late check-in or an
 * excuse does not remove the row; the snapshot leaves out windows filled since.
 */
export const reportedMisses = checkin.table(
  'reported_misses',
  {
    enrolleeId: uuid('enrollee_id').notNull(),
    windowOpensAt: timestamp('window_opens_at', { withTimezone: true }).notNull(),
    windowClosesAt: timestamp('window_closes_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enrolleeId, t.windowOpensAt] })],
);
