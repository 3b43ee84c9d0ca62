// The only code in the docket subgraph that talks to the database.
import { and, asc, count, desc, eq, gt, gte, inArray, lt, ne, sql, type SQL } from 'drizzle-orm';
import { anyOf } from '../shared/any-of.js';
import type { DB } from '../../kit/database/db.js';
import { clientCondition } from '../shared/partner-clients.js';
import type { Page } from '../shared/pagination.js';
import { cases, courts, hearings, type CaseRow, type HearingRow } from './db/schema.js';

/** Which of a person's hearings a list holds, relative to the request's "now". */
export type When = 'UPCOMING' | 'PAST' | 'ALL';

/** The sort key of every hearing list, which is also its cursor: [scheduledAt ISO, id]. */
export type HearingSortKey = [scheduledAt: string, id: string];

export const hearingSortKey = (row: HearingRow): HearingSortKey => [row.scheduledAt.toISOString(), row.id];

/** UPCOMING runs soonest first; PAST and ALL newest first. */
export const isAscending = (when: When): boolean => when === 'UPCOMING';

/** One page of one person's hearings. */
export interface HearingPageKey {
  aNumber: string;
  when: When;
  limit: number;
  after: HearingSortKey | null;
}

export function findCourtsByCodes(db: DB, codes: readonly string[]) {
  return db.select().from(courts).where(anyOf(courts.code, codes));
}

export function findAllCourts(db: DB) {
  return db.select().from(courts).orderBy(asc(courts.code));
}

// `clientsOf` below: a partner's organisation, whose active clients' records are the only ones it
// may see; every read that returns a person's cases or hearings applies it, whoever asked.
export function findCasesByIds(db: DB, ids: readonly string[], clientsOf: string | null = null) {
  return db.select().from(cases).where(and(anyOf(cases.id, ids), clientCondition(cases.aNumber, clientsOf)));
}

/** Every case of these people, newest Notice to Appear first. */
export function findCasesByANumbers(db: DB, aNumbers: readonly string[], clientsOf: string | null = null) {
  return db
    .select()
    .from(cases)
    .where(and(anyOf(cases.aNumber, aNumbers), clientCondition(cases.aNumber, clientsOf)))
    .orderBy(desc(cases.noticeToAppearDate), desc(cases.id));
}

export function findHearingsByIds(db: DB, ids: readonly string[], clientsOf: string | null = null) {
  return db.select().from(hearings).where(and(anyOf(hearings.id, ids), clientCondition(hearings.aNumber, clientsOf)));
}

/** Every hearing of these cases, in start-time order. */
export function findHearingsByCaseIds(db: DB, caseIds: readonly string[], clientsOf: string | null = null) {
  return db
    .select()
    .from(hearings)
    .where(and(anyOf(hearings.caseId, caseIds), clientCondition(hearings.aNumber, clientsOf)))
    .orderBy(asc(hearings.scheduledAt), asc(hearings.id));
}

/** Each person's soonest hearing still SCHEDULED to start after `now`. */
export function findNextHearingsByANumbers(db: DB, aNumbers: readonly string[], now: Date, clientsOf: string | null = null) {
  return db
    .selectDistinctOn([hearings.aNumber])
    .from(hearings)
    .where(and(anyOf(hearings.aNumber, aNumbers), eq(hearings.status, 'SCHEDULED'), gt(hearings.scheduledAt, now), clientCondition(hearings.aNumber, clientsOf)))
    .orderBy(asc(hearings.aNumber), asc(hearings.scheduledAt), asc(hearings.id));
}

/** The time condition of a `when` filter, on a column or on the alias `h` of a raw lateral query. */
function timeCondition(when: When, now: Date, column: SQL | typeof hearings.scheduledAt = hearings.scheduledAt): SQL | undefined {
  if (when === 'UPCOMING') return sql`${column} > ${now}`;
  if (when === 'PAST') return sql`${column} <= ${now}`;
  return undefined;
}

/**
 * The hearing pages asked for, in one statement per sort direction: for each page a lateral
 * subquery walks the person's index range after the cursor and keeps `limit + 1` ids. Returns the
 * union of those rows; `cutHearingPage` cuts each page out of it.
 */
export async function findHearingPages(db: DB, pages: readonly HearingPageKey[], now: Date, clientsOf: string | null = null): Promise<HearingRow[]> {
  const groups = new Map<When, HearingPageKey[]>();
  for (const page of pages) groups.set(page.when, [...(groups.get(page.when) ?? []), page]);
  const results = await Promise.all(
    [...groups].map(([when, group]) => {
      const ascending = isAscending(when);
      const requests = sql.join(
        group.map((p) => sql`(${p.aNumber}::char(10), ${p.after?.[0] ?? null}::timestamptz, ${p.after?.[1] ?? null}::uuid, ${p.limit + 1}::int)`),
        sql`, `,
      );
      const time = timeCondition(when, now, sql`h.scheduled_at`);
      const cursor = ascending ? sql`(h.scheduled_at, h.id) > (req.after_at, req.after_id)` : sql`(h.scheduled_at, h.id) < (req.after_at, req.after_id)`;
      const order = ascending ? sql`h.scheduled_at asc, h.id asc` : sql`h.scheduled_at desc, h.id desc`;
      const ids = sql`(
        select p.id
        from (values ${requests}) as req(a_number, after_at, after_id, lim)
        cross join lateral (
          select h.id
          from docket.hearings h
          where h.a_number = req.a_number
            ${time ? sql`and ${time}` : sql``}
            and (req.after_at is null or ${cursor})
          order by ${order}
          limit req.lim
        ) p
      )`;
      return db.select().from(hearings).where(and(inArray(hearings.id, ids), clientCondition(hearings.aNumber, clientsOf)));
    }),
  );
  return results.flat();
}

/** How many of each person's hearings a `when` filter holds. */
export function countHearingsByANumbers(db: DB, aNumbers: readonly string[], when: When, now: Date, clientsOf: string | null = null) {
  return db
    .select({ aNumber: hearings.aNumber, n: count() })
    .from(hearings)
    .where(and(anyOf(hearings.aNumber, aNumbers), timeCondition(when, now), clientCondition(hearings.aNumber, clientsOf)))
    .groupBy(hearings.aNumber);
}

/** The instants bounding a local calendar day in a court's time zone, computed by Postgres's zone rules. */
function dayBounds(day: string, timeZone: string) {
  return {
    start: sql`((${day}::date)::timestamp at time zone ${timeZone})`,
    end: sql`((${day}::date + 1)::timestamp at time zone ${timeZone})`,
  };
}

/** One page of a court's hearings on one local day, in start-time order. */
export function listCourtDay(db: DB, courtCode: string, timeZone: string, day: string, page: Page<HearingSortKey>, clientsOf: string | null = null) {
  const { start, end } = dayBounds(day, timeZone);
  const after = page.after && sql`(${hearings.scheduledAt}, ${hearings.id}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)`;
  return db
    .select()
    .from(hearings)
    .where(and(eq(hearings.courtCode, courtCode), gte(hearings.scheduledAt, start), lt(hearings.scheduledAt, end), after ?? undefined, clientCondition(hearings.aNumber, clientsOf)))
    .orderBy(asc(hearings.scheduledAt), asc(hearings.id))
    .limit(page.limit + 1);
}

export async function countCourtDay(db: DB, courtCode: string, timeZone: string, day: string, clientsOf: string | null = null): Promise<number> {
  const { start, end } = dayBounds(day, timeZone);
  const [row] = await db
    .select({ n: count() })
    .from(hearings)
    .where(and(eq(hearings.courtCode, courtCode), gte(hearings.scheduledAt, start), lt(hearings.scheduledAt, end), clientCondition(hearings.aNumber, clientsOf)));
  return row?.n ?? 0;
}


// ---- Writes. Each runs inside the caller's transaction (`db` is its handle).
//
// Lock order, the same in every docket mutation so concurrent ones wait for each other instead of
// deadlocking: the case first, then its hearing. A mutation that adds or reschedules a hearing holds
// the case FOR SHARE (many may run at once); deciding a case takes it FOR UPDATE, so a decision
// never runs beside a new hearing it would fail to cancel.

export type CaseLock = 'share' | 'update';

export async function lockCase(db: DB, id: string, lock: CaseLock): Promise<CaseRow | undefined> {
  const [row] = await db.select().from(cases).where(eq(cases.id, id)).for(lock);
  return row;
}

/** The case a hearing belongs to, locked; undefined when the hearing does not exist. */
export async function lockCaseOfHearing(db: DB, hearingId: string, lock: CaseLock): Promise<CaseRow | undefined> {
  const caseId = db.select({ id: hearings.caseId }).from(hearings).where(eq(hearings.id, hearingId));
  const [row] = await db.select().from(cases).where(inArray(cases.id, caseId)).for(lock);
  return row;
}

/** The hearing, locked until the transaction ends; a concurrent writer waits, then reads what this one wrote. */
export async function lockHearing(db: DB, id: string): Promise<HearingRow | undefined> {
  const [row] = await db.select().from(hearings).where(eq(hearings.id, id)).for('update');
  return row;
}

export type NewHearing = Omit<typeof hearings.$inferInsert, 'id'>;
export type HearingChange = Partial<Pick<HearingRow, 'status' | 'attendance' | 'adjournmentReason' | 'rescheduledAsId'>>;
export type CaseDecisionChange = Pick<CaseRow, 'decision' | 'decidedAt' | 'inAbsentia'>;

export async function insertHearing(db: DB, values: NewHearing): Promise<HearingRow> {
  const [row] = await db.insert(hearings).values(values).returning();
  return row!;
}

export async function updateHearing(db: DB, id: string, change: HearingChange): Promise<HearingRow> {
  const [row] = await db.update(hearings).set(change).where(eq(hearings.id, id)).returning();
  return row!;
}

export async function completeCase(db: DB, id: string, decision: CaseDecisionChange): Promise<CaseRow> {
  const [row] = await db
    .update(cases)
    .set({ status: 'COMPLETED', ...decision })
    .where(eq(cases.id, id))
    .returning();
  return row!;
}

/** Cancels every hearing of the case still SCHEDULED, except one; returns the cancelled rows. */
export function cancelScheduledHearings(db: DB, caseId: string, exceptHearingId: string): Promise<HearingRow[]> {
  return db
    .update(hearings)
    .set({ status: 'CANCELLED' })
    .where(and(eq(hearings.caseId, caseId), eq(hearings.status, 'SCHEDULED'), ne(hearings.id, exceptHearingId)))
    .returning();
}
