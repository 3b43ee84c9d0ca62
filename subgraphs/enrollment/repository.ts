// The only code in the enrollment subgraph that talks to the database.
import { and, asc, count, desc, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm';
import { anyOf } from '../shared/any-of.js';
import type { DB } from '../../kit/database/db.js';
import { clientCondition } from '../shared/partner-clients.js';
import { keyBetween } from '../shared/order-key.js';
import { searchConditions, searchRank, type Search } from './search.js';
import type { Page } from '../shared/pagination.js';
import {
  enrollees,
  nameOrders,
  enrollments,
  fieldOfficeCounts,
  fieldOffices,
  supervisionChanges,
  type EnrolleeRow,
  type EnrollmentRow,
  type SupervisionChangeRow,
} from './db/schema.js';

export interface EnrolleeListFilter {
  fieldOffice?: string | null;
  technology?: (typeof enrollments.technology.enumValues)[number] | null;
  status?: (typeof enrollments.status.enumValues)[number] | null;
  /** A partner's organisation: only its active clients are listed or counted. */
  clientsOf?: string | null;
  /** Part of an A-number or of a name (search.ts): the list is then ranked instead of in name order. */
  search?: Search | null;
}

/** The cursor of a ranked (search) list: its rank and id, marked so a name-order cursor never opens it. */
export type SearchSortKey = ['~search', rank: string, id: string, '~'];

/** The sort key of the enrollee list, which is also its cursor. */
export type EnrolleeSortKey = [familyName: string, givenName: string, id: string];

export const enrolleeSortKey = (row: EnrolleeRow): EnrolleeSortKey => [row.familyName, row.givenName, row.id];

/** `clientsOf`: a partner's organisation, whose active clients are the only people it may see. */
export function findEnrolleesByIds(db: DB, ids: readonly string[], clientsOf: string | null = null) {
  return db.select().from(enrollees).where(and(anyOf(enrollees.id, ids), clientCondition(enrollees.aNumber, clientsOf)));
}

export function findEnrolleesByANumbers(db: DB, aNumbers: readonly string[], clientsOf: string | null = null) {
  return db.select().from(enrollees).where(and(anyOf(enrollees.aNumber, aNumbers), clientCondition(enrollees.aNumber, clientsOf)));
}

/** Enrollments of these people; for a partner, of its clients only (whoever asked for them). */
export function findEnrollmentsByEnrolleeIds(db: DB, enrolleeIds: readonly string[], clientsOf: string | null = null) {
  const clients = clientCondition(enrollees.aNumber, clientsOf);
  return db
    .select()
    .from(enrollments)
    .where(
      and(
        anyOf(enrollments.enrolleeId, enrolleeIds),
        clients && inArray(enrollments.enrolleeId, db.select({ id: enrollees.id }).from(enrollees).where(and(anyOf(enrollees.id, enrolleeIds), clients))),
      ),
    )
    .orderBy(desc(enrollments.startedAt));
}

export function findFieldOffices(db: DB) {
  return db.select().from(fieldOffices).orderBy(asc(fieldOffices.code));
}

export async function fieldOfficeExists(db: DB, code: string): Promise<boolean> {
  const rows = await db.select({ code: fieldOffices.code }).from(fieldOffices).where(eq(fieldOffices.code, code));
  return rows.length > 0;
}

function filterConditions(filter: EnrolleeListFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.fieldOffice) conditions.push(eq(enrollees.fieldOfficeCode, filter.fieldOffice));
  if (filter.technology) conditions.push(eq(enrollments.technology, filter.technology));
  if (filter.status) conditions.push(eq(enrollments.status, filter.status));
  const clients = clientCondition(enrollees.aNumber, filter.clientsOf ?? null);
  if (clients) conditions.push(clients);
  if (filter.search) conditions.push(...searchConditions(filter.search));
  return conditions;
}

// Technology and status live on the current enrollment; join it only when the filter needs it.
function fromEnrollees(db: DB, select: object, filter: EnrolleeListFilter) {
  const query = db.select(select as never).from(enrollees).$dynamic();
  return filter.technology || filter.status
    ? query.innerJoin(enrollments, and(eq(enrollments.enrolleeId, enrollees.id), eq(enrollments.isCurrent, true)))
    : query;
}

/** One page of enrollees in name order, fetching one extra row to tell whether another page follows. */
export async function listEnrollees(db: DB, filter: EnrolleeListFilter, page: Page<EnrolleeSortKey>): Promise<EnrolleeRow[]> {
  const conditions = filterConditions(filter);
  if (page.after) {
    const [family, given, id] = page.after;
    conditions.push(sql`(${enrollees.familyName}, ${enrollees.givenName}, ${enrollees.id}) > (${family}, ${given}, ${id})`);
  }
  const rows = await fromEnrollees(db, getTableColumns(enrollees), filter)
    .where(and(...conditions))
    .orderBy(asc(enrollees.familyName), asc(enrollees.givenName), asc(enrollees.id))
    .limit(page.limit + 1);
  return rows as EnrolleeRow[];
}

/** One page of a search, best match first (then id), one extra row to tell whether another follows. */
export async function searchEnrollees(db: DB, filter: EnrolleeListFilter & { search: Search }, page: Page<SearchSortKey>): Promise<(EnrolleeRow & { rank: number })[]> {
  const rank = searchRank(filter.search);
  const conditions = filterConditions(filter);
  if (page.after) {
    const [, r, id] = page.after;
    conditions.push(sql`(${rank} < ${Number(r)} or (${rank} = ${Number(r)} and ${enrollees.id} > ${id}::uuid))`);
  }
  const rows = await fromEnrollees(db, { ...getTableColumns(enrollees), rank }, filter)
    .where(and(...conditions))
    .orderBy(desc(rank), asc(enrollees.id))
    .limit(page.limit + 1);
  return rows as (EnrolleeRow & { rank: number })[];
}

/**
 * An office's caseload, or everyone, is read from the maintained `field_office_counts` (cost flat at
 * any population); a partner's clients and technology or status filters are counted row by row.
 */
export async function countEnrollees(db: DB, filter: EnrolleeListFilter): Promise<number> {
  if (!filter.technology && !filter.status && !filter.clientsOf && !filter.search) {
    const [row] = await db
      .select({ n: sql<number>`coalesce(sum(${fieldOfficeCounts.enrollees}), 0)::int` })
      .from(fieldOfficeCounts)
      .where(filter.fieldOffice ? eq(fieldOfficeCounts.fieldOfficeCode, filter.fieldOffice) : undefined);
    return row?.n ?? 0;
  }
  const [row] = await fromEnrollees(db, { n: count() }, filter).where(and(...filterConditions(filter)));
  return (row as { n: number } | undefined)?.n ?? 0;
}

// ---- Write path. Every function takes the mutation's transaction as `db`. ----

export type NewEnrollee = typeof enrollees.$inferInsert;
export type NewEnrollment = typeof enrollments.$inferInsert;
export type NewSupervisionChange = typeof supervisionChanges.$inferInsert;
export type EnrollmentUpdate = Partial<Pick<EnrollmentRow, 'technology' | 'checkInCadence' | 'dailyCostCents' | 'status' | 'endedAt' | 'endReason'>>;

/** The person with this A-number, row-locked until the transaction ends, so enrollments of one person are made one at a time. */
export async function lockEnrolleeByANumber(db: DB, aNumber: string): Promise<EnrolleeRow | null> {
  const [row] = await db.select().from(enrollees).where(eq(enrollees.aNumber, aNumber)).for('update');
  return row ?? null;
}

/**
 * Inserts the person unless their A-number is already on file (perhaps by a concurrent request:
 * then this waits for that one to commit or roll back). Returns the new row, or null if none was inserted.
 */
export async function insertEnrolleeIfAbsent(db: DB, values: NewEnrollee): Promise<EnrolleeRow | null> {
  const [row] = await db.insert(enrollees).values(values).onConflictDoNothing({ target: enrollees.aNumber }).returning();
  return row ?? null;
}

/**
 * Gives a new person the order key between their neighbours in (family name, given name, id)
 * order, read through enrollees_name_idx; two people placed at once between the same neighbours
 * may share a key, and their ids order them.
 */
export async function placeInNameOrder(db: DB, row: EnrolleeRow): Promise<string> {
  const at = sql`(${row.familyName}::text, ${row.givenName}::text, ${row.id}::uuid)`;
  const tuple = sql`(${enrollees.familyName}, ${enrollees.givenName}, ${enrollees.id})`;
  const neighbour = (side: 'before' | 'after') =>
    db
      .select({ key: nameOrders.nameOrder })
      .from(enrollees)
      .innerJoin(nameOrders, eq(nameOrders.enrolleeId, enrollees.id))
      .where(side === 'before' ? sql`${tuple} < ${at}` : sql`${tuple} > ${at}`)
      .orderBy(...(side === 'before' ? [desc(enrollees.familyName), desc(enrollees.givenName), desc(enrollees.id)] : [asc(enrollees.familyName), asc(enrollees.givenName), asc(enrollees.id)]))
      .limit(1);
  const [[before], [after]] = [await neighbour('before'), await neighbour('after')];
  const low = before?.key ?? '';
  const high = after?.key ?? null;
  const nameOrder = high !== null && low >= high ? low : keyBetween(low, high);
  await db.insert(nameOrders).values({ enrolleeId: row.id, nameOrder }).onConflictDoNothing();
  return nameOrder;
}

/** The person's order key ('5', the middle, for one who somehow has none). */
export async function findNameOrder(db: DB, enrolleeId: string): Promise<string> {
  const [row] = await db.select({ key: nameOrders.nameOrder }).from(nameOrders).where(eq(nameOrders.enrolleeId, enrolleeId));
  return row?.key ?? '5';
}

/** The person's current enrollment stops being current (a new one is about to take its place). */
export async function clearCurrentEnrollment(db: DB, enrolleeId: string): Promise<void> {
  await db.update(enrollments).set({ isCurrent: false }).where(and(eq(enrollments.enrolleeId, enrolleeId), eq(enrollments.isCurrent, true)));
}

export async function insertEnrollment(db: DB, values: NewEnrollment): Promise<EnrollmentRow> {
  const [row] = await db.insert(enrollments).values(values).returning();
  return row!;
}

/** The enrollment, row-locked until the transaction ends, so changes to one enrollment are made one at a time. */
export async function lockEnrollment(db: DB, id: string): Promise<EnrollmentRow | null> {
  const [row] = await db.select().from(enrollments).where(eq(enrollments.id, id)).for('update');
  return row ?? null;
}

export async function updateEnrollment(db: DB, id: string, values: EnrollmentUpdate): Promise<EnrollmentRow> {
  const [row] = await db.update(enrollments).set(values).where(eq(enrollments.id, id)).returning();
  return row!;
}

/** The enrollment's latest supervision change, or null if its terms never changed. */
export async function findLastSupervisionChange(db: DB, enrollmentId: string): Promise<SupervisionChangeRow | null> {
  const [row] = await db
    .select()
    .from(supervisionChanges)
    .where(eq(supervisionChanges.enrollmentId, enrollmentId))
    .orderBy(desc(supervisionChanges.effectiveAt), desc(supervisionChanges.createdAt))
    .limit(1);
  return row ?? null;
}

export async function insertSupervisionChange(db: DB, values: NewSupervisionChange): Promise<SupervisionChangeRow> {
  const [row] = await db.insert(supervisionChanges).values(values).returning();
  return row!;
}
