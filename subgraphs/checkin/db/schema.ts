// Tables of the `checkin` Postgres schema, plus the read-only view the enrollment domain publishes.
import { auditEventsTable } from '../../shared/audit.js';
import { sql } from 'drizzle-orm';
import { doublePrecision, index, pgSchema, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const checkin = pgSchema('checkin');

export const checkInMethod = checkin.enum('check_in_method', ['APP_PHOTO', 'VOICE_CALL', 'OFFICE_VISIT', 'HOME_VISIT']);
export const identityVerification = checkin.enum('identity_verification', ['MATCHED', 'NOT_MATCHED', 'INCONCLUSIVE']);

/**
 * What happened in a due window: a submission, or an excuse for a miss. A window with no row is
 * missed once it closes; windows themselves come from the schedule (`check_in_terms`).
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
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('check_ins_window_idx').on(t.enrolleeId, t.dueAt),
    index('check_ins_last_submitted_idx').on(t.enrolleeId, t.submittedAt.desc()).where(sql`submitted_at is not null`),
  ],
);

/**
 * The enrollment domain's published view (ARCHITECTURE.md's one exception): read here, never
 * written, and not part of this schema's migrations (`.existing()`).
 */
export const checkInTerms = pgSchema('enrollment')
  .view('check_in_terms', {
    enrolleeId: uuid('enrollee_id').notNull(),
    technology: text().notNull(),
    checkInCadence: text('check_in_cadence').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  })
  .existing();

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

/** This domain's append-only audit trail (see shared/audit.ts). */
export const auditEvents = auditEventsTable(checkin);
