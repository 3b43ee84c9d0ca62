// Tables of the `outcomes` Postgres schema: a read model that owns only derived data. The copies
// (`*_copy`) are kept from the four domains' events exactly as each event states its facts; the
// facts (`*_facts`) are derived from the copies per person (derive.ts) and are what the statistics
// are counted from. Everything here can be rebuilt from the event log or a seed.
import { auditEventsTable } from '../../shared/audit.js';
import { eventTables } from '../../shared/events/tables.js';
import { bigint, boolean, char, date, index, integer, pgSchema, primaryKey, smallint, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export const outcomes = pgSchema('outcomes');

const at = (name: string) => timestamp(name, { withTimezone: true });

/** Enrollments as enrollment's EnrollmentStarted / EnrollmentEnded state them. */
export const enrollmentsCopy = outcomes.table(
  'enrollments_copy',
  {
    enrollmentId: uuid('enrollment_id').primaryKey(),
    aNumber: char('a_number', { length: 10 }).notNull(),
    fieldOfficeCode: text('field_office_code').notNull(),
    startedAt: at('started_at').notNull(),
    endedAt: at('ended_at'),
    endStatus: text('end_status'),
  },
  (t) => [index('enrollments_copy_a_number_idx').on(t.aNumber)],
);

/** Each enrollment's periods of one technology and daily cost (EnrollmentStarted, SupervisionChanged, EnrollmentEnded). */
export const supervisionPeriodsCopy = outcomes.table(
  'supervision_periods_copy',
  {
    enrollmentId: uuid('enrollment_id').notNull(),
    startedAt: at('started_at').notNull(),
    aNumber: char('a_number', { length: 10 }).notNull(),
    technology: text().notNull(),
    dailyCostCents: integer('daily_cost_cents').notNull(),
    endedAt: at('ended_at'),
  },
  (t) => [primaryKey({ columns: [t.enrollmentId, t.startedAt] }), index('supervision_periods_copy_a_number_idx').on(t.aNumber)],
);

/** Cases as the docket's CaseOpened and HearingOutcomeRecorded state them. */
export const casesCopy = outcomes.table(
  'cases_copy',
  {
    caseId: uuid('case_id').primaryKey(),
    aNumber: char('a_number', { length: 10 }).notNull(),
    courtCode: text('court_code').notNull(),
    noticeToAppearDate: date('notice_to_appear_date', { mode: 'string' }).notNull(),
    decision: text(),
    inAbsentia: boolean('in_absentia').notNull().default(false),
    decidedAt: at('decided_at'),
  },
  (t) => [index('cases_copy_a_number_idx').on(t.aNumber)],
);

/** Hearings as the docket's HearingScheduled / Rescheduled / OutcomeRecorded state them. */
export const hearingsCopy = outcomes.table(
  'hearings_copy',
  {
    hearingId: uuid('hearing_id').primaryKey(),
    caseId: uuid('case_id').notNull(),
    aNumber: char('a_number', { length: 10 }).notNull(),
    courtCode: text('court_code').notNull(),
    scheduledAt: at('scheduled_at').notNull(),
    status: text().notNull(),
    attendance: text(),
  },
  (t) => [index('hearings_copy_a_number_idx').on(t.aNumber)],
);

/** Representations as legal's RepresentationFiled / Withdrawn state them. */
export const representationsCopy = outcomes.table(
  'representations_copy',
  {
    representationId: uuid('representation_id').primaryKey(),
    aNumber: char('a_number', { length: 10 }).notNull(),
    filedAt: at('filed_at').notNull(),
    withdrawnAt: at('withdrawn_at'),
  },
  (t) => [index('representations_copy_a_number_idx').on(t.aNumber)],
);

/** The dimensions every fact carries, resolved at the fact's own instant (derive.ts). */
const dimensions = {
  aNumber: char('a_number', { length: 10 }).notNull(),
  fiscalYear: smallint('fiscal_year').notNull(),
  month: char({ length: 7 }).notNull(),
  courtCode: text('court_code'),
  fieldOfficeCode: text('field_office_code'),
  technology: text(),
  supervision: text().notNull(),
  represented: boolean().notNull(),
};

/** One row per hearing held: the unit of the attendance rate, and (per person) the appearance rate. */
export const hearingFacts = outcomes.table(
  'hearing_facts',
  { hearingId: uuid('hearing_id').primaryKey(), ...dimensions, heldAt: at('held_at').notNull(), attended: boolean().notNull() },
  (t) => [index('hearing_facts_year_idx').on(t.fiscalYear), index('hearing_facts_a_number_idx').on(t.aNumber)],
);

/** One row per case completion (a decision): the unit of the in absentia rate. */
export const completionFacts = outcomes.table(
  'completion_facts',
  { caseId: uuid('case_id').primaryKey(), ...dimensions, completedAt: at('completed_at').notNull(), inAbsentiaRemoval: boolean('in_absentia_removal').notNull() },
  (t) => [index('completion_facts_year_idx').on(t.fiscalYear), index('completion_facts_a_number_idx').on(t.aNumber)],
);

/** One row per enrollment ended: the unit of the absconder rate, length in program and the open-case share. */
export const exitFacts = outcomes.table(
  'exit_facts',
  {
    enrollmentId: uuid('enrollment_id').primaryKey(),
    ...dimensions,
    endedAt: at('ended_at').notNull(),
    absconded: boolean().notNull(),
    daysInProgram: integer('days_in_program').notNull(),
    caseOpenAtExit: boolean('case_open_at_exit').notNull(),
  },
  (t) => [index('exit_facts_year_idx').on(t.fiscalYear), index('exit_facts_a_number_idx').on(t.aNumber)],
);

/**
 * The facts counted into every cell of every grouping (cells.ts): one row per combination of values of
 * the dimensions in `rolled_up`'s complement, the others null. `rolled_up` is SQL's grouping() over the
 * seven dimensions in the order of the columns below (bit 64 = represented ... bit 1 = month; a set
 * bit means summed over). Kept from the facts in the same transaction as they change, so a request
 * reads one grouping's rows instead of counting the population. Cost is not here: its person-days
 * grow with the clock.
 */
export const cells = outcomes.table(
  'cells',
  {
    rolledUp: smallint('rolled_up').notNull(),
    represented: boolean(),
    supervision: text(),
    technology: text(),
    fieldOfficeCode: text('field_office_code'),
    courtCode: text('court_code'),
    fiscalYear: smallint('fiscal_year'),
    month: char({ length: 7 }),
    /** Hearings held, and of those attended. */
    held: integer().notNull().default(0),
    attended: integer().notNull().default(0),
    /** People with a hearing held in the cell, and of those who attended all of theirs in it. */
    people: integer().notNull().default(0),
    allAttended: integer('all_attended').notNull().default(0),
    /** Case completions, and of those in absentia removal orders. */
    decided: integer().notNull().default(0),
    inAbsentia: integer('in_absentia').notNull().default(0),
    /** Enrollments ended, of those absconded and with a case open; their days in the program. */
    ended: integer().notNull().default(0),
    absconded: integer().notNull().default(0),
    caseOpen: integer('case_open').notNull().default(0),
    days: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [unique('cells_key').on(t.rolledUp, t.represented, t.supervision, t.technology, t.fieldOfficeCode, t.courtCode, t.fiscalYear, t.month).nullsNotDistinct()],
);

/** This read model's audit trail (sensitive reads; it has none today, but every subgraph keeps one). */
export const auditEvents = auditEventsTable(outcomes);

/** Outbox (empty: a read model publishes nothing), consumer offsets and dead letters. */
export const { outbox, consumerOffsets, deadLetters } = eventTables(outcomes);
