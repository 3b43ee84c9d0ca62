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

/**
 * Published on purpose for the check-in domain (the one exception ARCHITECTURE.md allows): one row
 * per supervision period, the technology and cadence in force from `started_at` until `ended_at`,
 * so check-in computes windows from one truth. A period runs from the enrollment's start (or a
 * supervision change) to the next change (or the enrollment's end); without changes an enrollment
 * is exactly one period. The first period's terms are the first change's "before" values.
 * A period superseded at the very instant it began (two changes at one instant) is left out.
 * Partitioning by enrollee_id lets Postgres push the check-in domain's `enrollee_id IN (...)` below
 * the window function, so a page of people reads only their rows.
 */
export const checkInTerms = enrollment
  .view('check_in_terms', {
    enrolleeId: uuid('enrollee_id').notNull(),
    technology: technology().notNull(),
    checkInCadence: checkInCadence('check_in_cadence').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  })
  .as(
    sql`select enrollee_id, technology, check_in_cadence, started_at, ended_at from (
  select p.enrollee_id, p.technology, p.check_in_cadence, p.started_at,
    coalesce(lead(p.started_at) over w, p.enrollment_ended_at) as ended_at,
    lead(p.started_at) over w as next_started_at
  from (
    select e.enrollee_id, e.id as enrollment_id, e.ended_at as enrollment_ended_at,
      coalesce(first_change.technology_before, e.technology) as technology,
      coalesce(first_change.check_in_cadence_before, e.check_in_cadence) as check_in_cadence,
      e.started_at, 0 as position, null::timestamptz as created_at
    from ${enrollments} e
    left join lateral (
      select c.technology_before, c.check_in_cadence_before from ${supervisionChanges} c
      where c.enrollment_id = e.id order by c.effective_at, c.created_at limit 1
    ) first_change on true
    union all
    select e.enrollee_id, e.id, e.ended_at, c.technology_after, c.check_in_cadence_after, c.effective_at, 1, c.created_at
    from ${supervisionChanges} c join ${enrollments} e on e.id = c.enrollment_id
  ) p
  window w as (partition by p.enrollee_id, p.enrollment_id order by p.started_at, p.position, p.created_at)
) periods
where next_started_at is null or next_started_at > started_at`,
  );

export type EnrolleeRow = typeof enrollees.$inferSelect;
export type EnrollmentRow = typeof enrollments.$inferSelect;
export type FieldOfficeRow = typeof fieldOffices.$inferSelect;
export type SupervisionChangeRow = typeof supervisionChanges.$inferSelect;
export type Technology = (typeof technology.enumValues)[number];
export type CheckInCadence = (typeof checkInCadence.enumValues)[number];

/** This domain's append-only audit trail (see shared/audit.ts). */
export const auditEvents = auditEventsTable(enrollment);
