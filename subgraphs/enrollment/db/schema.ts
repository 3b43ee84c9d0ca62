// Tables of the `enrollment` Postgres schema. Only the enrollment subgraph reads or writes them;
// what other domains need of it they learn from its events (events/published.ts).
import { auditEventsTable } from '../../shared/audit.js';
import { eventTables } from '../../shared/events/tables.js';
import { partnerClientsTable } from '../../shared/partner-clients.js';
import { sql } from 'drizzle-orm';
import { boolean, char, date, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const enrollment = pgSchema('enrollment');

export const technology = enrollment.enum('technology', ['SMARTLINK', 'GPS_ANKLE_MONITOR', 'VOICE_ID', 'WRISTWORN', 'NO_TECH']);
export const checkInCadence = enrollment.enum('check_in_cadence', ['WEEKLY', 'BIWEEKLY', 'MONTHLY']);
export const enrollmentStatus = enrollment.enum('enrollment_status', ['ACTIVE', 'TRANSITIONED_OUT', 'TERMINATED', 'ABSCONDED']);

/** The 25 ERO areas of responsibility (reference data, loaded by migrate). */
export const fieldOffices = enrollment.table('field_offices', {
  code: text().primaryKey(),
  name: text().notNull(),
  city: text().notNull(),
  state: char({ length: 2 }).notNull(),
  timeZone: text('time_zone').notNull(),
});

export const enrollees = enrollment.table(
  'enrollees',
  {
    id: uuid().primaryKey().defaultRandom(),
    aNumber: char('a_number', { length: 10 }).notNull().unique(),
    givenName: text('given_name').notNull(),
    familyName: text('family_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    countryOfCitizenship: char('country_of_citizenship', { length: 2 }),
    preferredLanguage: text('preferred_language'),
    phone: text(),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text(),
    state: char({ length: 2 }),
    postalCode: text('postal_code'),
    fieldOfficeCode: text('field_office_code').notNull().references(() => fieldOffices.code),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The enrollee list is keyset-paginated on (family name, given name, id), within an office or not.
    index('enrollees_name_idx').on(t.familyName, t.givenName, t.id),
    index('enrollees_office_name_idx').on(t.fieldOfficeCode, t.familyName, t.givenName, t.id),
  ],
);

/**
 * How many enrollees each field office holds, kept by triggers on `enrollees` (migration
 * 0005) in the same transaction as the change, so a caseload page's `totalCount` is one
 * indexed row instead of a count that grows with the office (31,000 people at national scale).
 */
export const fieldOfficeCounts = enrollment.table('field_office_counts', {
  fieldOfficeCode: text('field_office_code').primaryKey().references(() => fieldOffices.code),
  enrollees: integer().notNull(),
});

export const enrollments = enrollment.table(
  'enrollments',
  {
    id: uuid().primaryKey().defaultRandom(),
    enrolleeId: uuid('enrollee_id').notNull().references(() => enrollees.id),
    technology: technology().notNull(),
    checkInCadence: checkInCadence('check_in_cadence').notNull(),
    status: enrollmentStatus().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason'),
    dailyCostCents: integer('daily_cost_cents').notNull(),
    // The active enrollment, else the latest: kept by the write path so the list filter is one join.
    isCurrent: boolean('is_current').notNull(),
  },
  (t) => [
    index('enrollments_enrollee_idx').on(t.enrolleeId, t.startedAt.desc()),
    uniqueIndex('enrollments_one_current_idx').on(t.enrolleeId).where(sql`is_current`),
    // The database itself refuses a second ACTIVE enrollment, so racing writers cannot both win.
    uniqueIndex('enrollments_one_active_idx').on(t.enrolleeId).where(sql`status = 'ACTIVE'`),
  ],
);

/**
 * Each change of technology or cadence made to an active enrollment, effective from `effectiveAt`.
 * The enrollment row holds only what is in force now; these rows keep what was in force before,
 * so the check-in windows of past periods are never recomputed with a later cadence.
 */
export const supervisionChanges = enrollment.table(
  'supervision_changes',
  {
    id: uuid().primaryKey().defaultRandom(),
    enrollmentId: uuid('enrollment_id').notNull().references(() => enrollments.id),
    effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
    technologyBefore: technology('technology_before').notNull(),
    checkInCadenceBefore: checkInCadence('check_in_cadence_before').notNull(),
    technologyAfter: technology('technology_after').notNull(),
    checkInCadenceAfter: checkInCadence('check_in_cadence_after').notNull(),
    // Why, as the caller gave it (free text: the audit trail records only that one was given).
    reason: text(),
    // Insert time, not transaction start: changes of one enrollment are made one at a time (the
    // enrollment row is locked), so this orders two changes that share an `effectiveAt`.
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
  },
  (t) => [index('supervision_changes_enrollment_idx').on(t.enrollmentId, t.effectiveAt)],
);

export type EnrolleeRow = typeof enrollees.$inferSelect;
export type EnrollmentRow = typeof enrollments.$inferSelect;
export type FieldOfficeRow = typeof fieldOffices.$inferSelect;
export type SupervisionChangeRow = typeof supervisionChanges.$inferSelect;
export type Technology = (typeof technology.enumValues)[number];
export type CheckInCadence = (typeof checkInCadence.enumValues)[number];

/** This domain's append-only audit trail (see shared/audit.ts). */
export const auditEvents = auditEventsTable(enrollment);

/** Outbox, consumer offsets and dead letters (shared/events/tables.ts). */
export const { outbox, consumerOffsets, deadLetters } = eventTables(enrollment);

/** This domain's copy of each partner organisation's active clients, fed by legal's events. */
export const partnerClients = partnerClientsTable(enrollment);

/**
 * Each person's place in (family name, given name, id) order as an order key (shared/order-key.ts):
 * what EnrollmentStarted carries so the worklist can order by name without holding one. Its own
 * table, so giving a seeded population its keys writes new rows instead of rewriting every enrollee.
 */
export const nameOrders = enrollment.table('name_orders', {
  enrolleeId: uuid('enrollee_id').primaryKey(),
  nameOrder: text('name_order').notNull(),
});
