// The only code in the worklist read model that talks to the database.
import { and, asc, count, eq, gt, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm';
import type { DB } from '../../kit/database/db.js';
import { clientCondition } from '../shared/partner-clients.js';
import type { Page } from '../shared/pagination.js';
import { hearings, missedCheckIns, people, type HearingRow, type PersonRow } from './db/schema.js';

const DAY_MS = 86_400_000;

export type WorklistOrder = 'URGENCY' | 'NEXT_HEARING' | 'LAST_CHECK_IN' | 'FAMILY_NAME';

export interface WorklistFilter {
  fieldOffice?: string | null;
  levels?: readonly string[] | null;
  missedCheckInsWithinDays?: number | null;
  hearingWithinDays?: number | null;
  represented?: boolean | null;
  technology?: string | null;
  enrollmentStatus?: string | null;
}

/** A worklist cursor: the order it belongs to, then that order's sort key. */
export type WorklistSortKey = [order: WorklistOrder, ...key: string[]];

/** The sort key of a row in `order` (the cursor's content). */
export function worklistSortKey(order: WorklistOrder, row: PersonRow): WorklistSortKey {
  const id = row.enrolleeId;
  if (order === 'URGENCY') return [order, String(row.urgency), row.hearingOrder.toISOString(), id];
  if (order === 'NEXT_HEARING') return [order, row.hearingOrder.toISOString(), id];
  if (order === 'LAST_CHECK_IN') return [order, row.checkInOrder.toISOString(), id];
  return [order, row.nameOrder, id];
}

/** The conditions every worklist statement (page and count) shares. */
function conditions(filter: WorklistFilter, now: Date, clientsOf: string | null): (SQL | undefined)[] {
  const days = (n: number) => new Date(now.getTime() + n * DAY_MS);
  return [
    // A person is listed once the enrollment domain has said who they are.
    isNotNull(people.fieldOfficeCode),
    filter.fieldOffice ? eq(people.fieldOfficeCode, filter.fieldOffice) : undefined,
    filter.levels?.length ? inArray(people.level, [...filter.levels]) : undefined,
    filter.technology ? eq(people.technology, filter.technology) : undefined,
    filter.enrollmentStatus ? eq(people.enrollmentStatus, filter.enrollmentStatus) : undefined,
    filter.represented != null ? eq(people.represented, filter.represented) : undefined,
    filter.hearingWithinDays != null ? and(gt(people.nextHearingAt, now), lte(people.nextHearingAt, days(filter.hearingWithinDays))) : undefined,
    filter.missedCheckInsWithinDays != null
      ? sql`exists (select 1 from ${missedCheckIns} m where m.enrollee_id = ${people.enrolleeId} and m.window_closes_at > ${days(-filter.missedCheckInsWithinDays)} and m.window_closes_at <= ${now})`
      : undefined,
    clientCondition(people.aNumber, clientsOf),
  ];
}

function after(order: WorklistOrder, key: WorklistSortKey | null): SQL | undefined {
  if (!key) return undefined;
  const [, ...k] = key;
  if (order === 'URGENCY') {
    const [urgency, hearingAt, id] = k;
    return sql`(${people.urgency} < ${Number(urgency)} or (${people.urgency} = ${Number(urgency)} and (${people.hearingOrder}, ${people.enrolleeId}) > (${hearingAt}::timestamptz, ${id}::uuid)))`;
  }
  if (order === 'NEXT_HEARING') return sql`(${people.hearingOrder}, ${people.enrolleeId}) > (${k[0]}::timestamptz, ${k[1]}::uuid)`;
  if (order === 'LAST_CHECK_IN') return sql`(${people.checkInOrder}, ${people.enrolleeId}) > (${k[0]}::timestamptz, ${k[1]}::uuid)`;
  return sql`(${people.nameOrder}, ${people.enrolleeId}) > (${k[0]}, ${k[1]}::uuid)`;
}

function orderBy(order: WorklistOrder) {
  // NULLS LAST as the indexes are built (drizzle's desc() says DESC, which is NULLS FIRST): with the
  // default the planner could not walk people_office_urgency_idx and sorted the whole office instead.
  if (order === 'URGENCY') return [sql`${people.urgency} desc nulls last`, asc(people.hearingOrder), asc(people.enrolleeId)];
  if (order === 'NEXT_HEARING') return [asc(people.hearingOrder), asc(people.enrolleeId)];
  if (order === 'LAST_CHECK_IN') return [asc(people.checkInOrder), asc(people.enrolleeId)];
  return [asc(people.nameOrder), asc(people.enrolleeId)];
}

/** One page (limit + 1 rows) in one statement, walking the order's index. */
export function listWorklist(db: DB, filter: WorklistFilter, order: WorklistOrder, page: Page<WorklistSortKey>, now: Date, clientsOf: string | null): Promise<PersonRow[]> {
  return db
    .select()
    .from(people)
    .where(and(...conditions(filter, now, clientsOf), after(order, page.after)))
    .orderBy(...orderBy(order))
    .limit(page.limit + 1);
}

export async function countWorklist(db: DB, filter: WorklistFilter, now: Date, clientsOf: string | null): Promise<number> {
  const [row] = await db.select({ n: count() }).from(people).where(and(...conditions(filter, now, clientsOf)));
  return Number(row?.n ?? 0);
}

export type HearingSortKey = [scheduledAt: string, id: string];

/** Upcoming hearings of a partner's clients and/or one office's people, soonest first. */
function hearingConditions(from: Date, to: Date, fieldOffice: string | null, clientsOf: string | null) {
  return [
    gt(hearings.scheduledAt, from),
    lte(hearings.scheduledAt, to),
    fieldOffice ? eq(hearings.fieldOfficeCode, fieldOffice) : undefined,
    clientCondition(hearings.aNumber, clientsOf),
  ];
}

export function listUpcomingHearings(db: DB, from: Date, to: Date, fieldOffice: string | null, clientsOf: string | null, page: Page<HearingSortKey>): Promise<HearingRow[]> {
  const cursor = page.after ? sql`(${hearings.scheduledAt}, ${hearings.hearingId}) > (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)` : undefined;
  return db
    .select()
    .from(hearings)
    .where(and(...hearingConditions(from, to, fieldOffice, clientsOf), cursor))
    .orderBy(asc(hearings.scheduledAt), asc(hearings.hearingId))
    .limit(page.limit + 1);
}

export async function countUpcomingHearings(db: DB, from: Date, to: Date, fieldOffice: string | null, clientsOf: string | null): Promise<number> {
  const [row] = await db.select({ n: count() }).from(hearings).where(and(...hearingConditions(from, to, fieldOffice, clientsOf)));
  return Number(row?.n ?? 0);
}
