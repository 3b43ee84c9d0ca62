// The only code in the legal subgraph that talks to the database.
import { and, asc, count, countDistinct, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { anyOf } from '../shared/any-of.js';
import type { DB } from '../../kit/database/db.js';
import { clientCondition } from '../shared/partner-clients.js';
import type { Page } from '../shared/pagination.js';
import { docketCases, organizations, representations, representatives, type OrganizationRow } from './db/schema.js';

/** The sort key of the organization list, which is also its cursor. */
export type OrganizationSortKey = [name: string, id: string];

export const organizationSortKey = (row: OrganizationRow): OrganizationSortKey => [row.name, row.id];

/** One page of one organization's clients: `limit` people with an A-number after `after`. */
export interface ClientPageKey {
  organizationId: string;
  limit: number;
  after: string | null;
}

export function findOrganizationsByIds(db: DB, ids: readonly string[]) {
  return db.select().from(organizations).where(anyOf(organizations.id, ids));
}

export function findRepresentativesByIds(db: DB, ids: readonly string[]) {
  return db.select().from(representatives).where(anyOf(representatives.id, ids));
}

export function findRepresentativesByOrganizationIds(db: DB, organizationIds: readonly string[]) {
  return db
    .select()
    .from(representatives)
    .where(anyOf(representatives.organizationId, organizationIds))
    .orderBy(asc(representatives.familyName), asc(representatives.givenName), asc(representatives.id));
}

// `clientsOf` below: a partner's organisation. Every read that returns representations keeps those
// of its active clients only, whoever asked (shared/partner-clients.ts decides who they are).

export function findRepresentationsByIds(db: DB, ids: readonly string[], clientsOf: string | null = null) {
  return db.select().from(representations).where(and(anyOf(representations.id, ids), clientCondition(representations.aNumber, clientsOf)));
}

/** Every representation of these people, withdrawn ones included, newest filed first. */
export function findRepresentationsByANumbers(db: DB, aNumbers: readonly string[], clientsOf: string | null = null) {
  return db
    .select()
    .from(representations)
    .where(and(anyOf(representations.aNumber, aNumbers), clientCondition(representations.aNumber, clientsOf)))
    .orderBy(desc(representations.filedAt), desc(representations.id));
}

/** The active primary representation of each case (the unique index allows at most one). */
export function findCounselByCaseIds(db: DB, caseIds: readonly string[], clientsOf: string | null = null) {
  return db
    .select()
    .from(representations)
    .where(
      and(
        anyOf(representations.caseId, caseIds),
        eq(representations.isPrimary, true),
        isNull(representations.withdrawnAt),
        clientCondition(representations.aNumber, clientsOf),
      ),
    );
}

/** One page of organizations in name order, fetching one extra row to tell whether another page follows. */
export function listOrganizations(db: DB, page: Page<OrganizationSortKey>) {
  const after = page.after && sql`(${organizations.name}, ${organizations.id}) > (${page.after[0]}, ${page.after[1]}::uuid)`;
  return db
    .select()
    .from(organizations)
    .where(after ?? undefined)
    .orderBy(asc(organizations.name), asc(organizations.id))
    .limit(page.limit + 1);
}

export async function countOrganizations(db: DB): Promise<number> {
  const [row] = await db.select({ n: count() }).from(organizations);
  return row?.n ?? 0;
}

/**
 * The client pages asked for, in one statement: for each page a lateral subquery picks, per person,
 * the organization's active representation (primary first, then latest filed) and keeps `limit + 1`
 * people after the cursor. Returns the union of those rows; `clientPage` cuts each page out of it.
 */
export function findClientPages(db: DB, pages: readonly ClientPageKey[], clientsOf: string | null = null) {
  const requests = sql.join(
    pages.map((p) => sql`(${p.organizationId}::uuid, ${p.after}::char(10), ${p.limit + 1}::int)`),
    sql`, `,
  );
  const ids = sql`(
    select c.id
    from (values ${requests}) as req(organization_id, after_a_number, lim)
    cross join lateral (
      select distinct on (r.a_number) r.id
      from legal.representations r
      where r.organization_id = req.organization_id
        and r.withdrawn_at is null
        and (req.after_a_number is null or r.a_number > req.after_a_number)
      order by r.a_number, r.is_primary desc, r.filed_at desc, r.id desc
      limit req.lim
    ) c
  )`;
  return db
    .select()
    .from(representations)
    .where(and(inArray(representations.id, ids), clientCondition(representations.aNumber, clientsOf)))
    .orderBy(asc(representations.aNumber));
}

/** How many people each organization actively represents. */
export function countClientsByOrganizationIds(db: DB, organizationIds: readonly string[], clientsOf: string | null = null) {
  return db
    .select({ organizationId: representations.organizationId, n: countDistinct(representations.aNumber) })
    .from(representations)
    .where(and(anyOf(representations.organizationId, organizationIds), isNull(representations.withdrawnAt), clientCondition(representations.aNumber, clientsOf)))
    .groupBy(representations.organizationId);
}

// ---- Writes. Each takes the mutation's transaction handle as `db`.

/**
 * The representative, row-locked until the transaction ends so that filings by one representative
 * run one at a time: the duplicate check in `findActiveRepresentationOf` is then race-safe.
 * (`no key update` does not block the foreign-key checks of other inserts.)
 */
export async function lockRepresentative(db: DB, id: string) {
  const [row] = await db.select().from(representatives).where(eq(representatives.id, id)).for('no key update');
  return row ?? null;
}

/** This representative's active representation of this person on this case (or, when `caseId` is null, with no case). */
export async function findActiveRepresentationOf(db: DB, key: { aNumber: string; representativeId: string; caseId: string | null }) {
  const [row] = await db
    .select({ id: representations.id })
    .from(representations)
    .where(
      and(
        eq(representations.aNumber, key.aNumber),
        eq(representations.representativeId, key.representativeId),
        key.caseId === null ? isNull(representations.caseId) : eq(representations.caseId, key.caseId),
        isNull(representations.withdrawnAt),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** The case's active primary representation, if any. */
export async function findActivePrimaryOnCase(db: DB, caseId: string) {
  const [row] = await db
    .select({ id: representations.id })
    .from(representations)
    .where(and(eq(representations.caseId, caseId), eq(representations.isPrimary, true), isNull(representations.withdrawnAt)))
    .limit(1);
  return row ?? null;
}

export async function insertRepresentation(db: DB, values: typeof representations.$inferInsert) {
  const [row] = await db.insert(representations).values(values).returning();
  return row!;
}

/** A docket case as legal knows it (its copy, fed by docket's CaseOpened events). */
export async function findDocketCase(db: DB, caseId: string) {
  const [row] = await db.select().from(docketCases).where(eq(docketCases.caseId, caseId));
  return row ?? null;
}

export async function findRepresentationById(db: DB, id: string) {
  const [row] = await db.select().from(representations).where(eq(representations.id, id));
  return row ?? null;
}

/**
 * Withdraws the representation only if it is still active, in one statement: of two concurrent
 * withdrawals the second waits for the first and then matches no row. Null when nothing changed.
 */
export async function withdrawIfActive(db: DB, id: string, withdrawnAt: Date, reason: string) {
  const [row] = await db
    .update(representations)
    .set({ withdrawnAt, withdrawalReason: reason })
    .where(and(eq(representations.id, id), isNull(representations.withdrawnAt)))
    .returning();
  return row ?? null;
}
