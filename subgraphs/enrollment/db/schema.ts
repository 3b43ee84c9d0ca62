// Tables of the `enrollment` Postgres schema. Only the enrollment subgraph reads or writes them,
// except `check_in_terms`, a read-only view this domain publishes for the check-in domain.
import { auditEventsTable } from '../../shared/audit.js';
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
 * Published on purpose for the check-in domain (the one exception ARCHITECTURE.md allows): the
 * periods and cadences a person must check in on, so check-in computes windows from one truth.
 */
export const checkInTerms = enrollment.view('check_in_terms').as((qb) =>
  qb
    .select({
      enrolleeId: enrollments.enrolleeId,
      technology: enrollments.technology,
      checkInCadence: enrollments.checkInCadence,
      startedAt: enrollments.startedAt,
      endedAt: enrollments.endedAt,
    })
    .from(enrollments),
);

export type EnrolleeRow = typeof enrollees.$inferSelect;
export type EnrollmentRow = typeof enrollments.$inferSelect;
export type FieldOfficeRow = typeof fieldOffices.$inferSelect;

/** This domain's append-only audit trail (see shared/audit.ts). */
export const auditEvents = auditEventsTable(enrollment);
