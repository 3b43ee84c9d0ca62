// The audit trail every subgraph keeps in its own schema (a subgraph writes only its own schema, and
// the event must commit in the same transaction as the change it records). Append-only: a trigger
// in each schema's migrations (`*_audit_append_only.sql`) refuses UPDATE, DELETE and TRUNCATE, and
// no code here does either.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { char, index, jsonb, text, timestamp, uuid, type PgSchema } from 'drizzle-orm/pg-core';
import { clientsOf, type Caller } from './context.js';
import type { DB } from '../../kit/database/db.js';
import { cursorTuple, parsePage, toConnection, type PageArgs } from './pagination.js';
import type { Page } from './pagination.js';

/**
 * What changed, by field. Values only where they are not personal (enums, instants, ids, counts);
 * a free-text or personal field is recorded as `{ redacted: true }`, so the trail says that it
 * changed without copying what it says.
 */
export type AuditChanges = Record<string, { from?: unknown; to?: unknown } | { redacted: true }>;

export function auditEventsTable(schema: PgSchema<string>) {
  return schema.table(
    'audit_events',
    {
      id: uuid().primaryKey().defaultRandom(),
      occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
      callerKind: text('caller_kind').notNull(),
      callerId: text('caller_id').notNull(),
      /** The mutation's name (`recordCheckIn`). */
      operation: text().notNull(),
      recordType: text('record_type').notNull(),
      recordId: text('record_id').notNull(),
      /** The person the record concerns, by whichever key this domain knows them by. */
      enrolleeId: uuid('enrollee_id'),
      aNumber: char('a_number', { length: 10 }),
      changes: jsonb().$type<AuditChanges>().notNull(),
    },
    (t) => [
      index('audit_events_time_idx').on(t.occurredAt.desc(), t.id.desc()),
      index('audit_events_enrollee_idx').on(t.enrolleeId, t.occurredAt.desc()),
      index('audit_events_a_number_idx').on(t.aNumber, t.occurredAt.desc()),
    ],
  );
}

export type AuditEventsTable = ReturnType<typeof auditEventsTable>;
export type AuditEventRow = AuditEventsTable['$inferSelect'];

export interface AuditEvent {
  operation: string;
  recordType: string;
  recordId: string;
  enrolleeId?: string | null;
  aNumber?: string | null;
  changes: AuditChanges;
}

/** Appends one event; call it with the mutation's transaction so both commit or neither does. */
export async function appendAudit(tx: DB, table: AuditEventsTable, caller: Caller, event: AuditEvent, at: Date): Promise<void> {
  await appendAuditEvents(tx, table, caller, [event], at);
}

/** Appends several events in one statement. */
export async function appendAuditEvents(db: DB, table: AuditEventsTable, caller: Caller, events: readonly AuditEvent[], at: Date): Promise<void> {
  await db.insert(table).values(
    events.map((event) => ({
      occurredAt: at,
      callerKind: caller.kind,
      callerId: caller.id,
      operation: event.operation,
      recordType: event.recordType,
      recordId: event.recordId,
      enrolleeId: event.enrolleeId ?? null,
      aNumber: event.aNumber ?? null,
      changes: event.changes,
    })),
  );
}

export interface AuditFilter {
  enrolleeId?: string | null;
  aNumber?: string | null;
  operation?: string | null;
}

/** The audit list's sort key and cursor: [occurredAt ISO, id], newest first. */
export type AuditSortKey = [occurredAt: string, id: string];
export const auditSortKey = (row: AuditEventRow): AuditSortKey => [row.occurredAt.toISOString(), row.id];

function conditions(table: AuditEventsTable, filter: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.enrolleeId) where.push(eq(table.enrolleeId, filter.enrolleeId));
  if (filter.aNumber) where.push(eq(table.aNumber, filter.aNumber));
  if (filter.operation) where.push(eq(table.operation, filter.operation));
  return where;
}

export function listAuditEvents(db: DB, table: AuditEventsTable, filter: AuditFilter, page: Page<AuditSortKey>) {
  const where = conditions(table, filter);
  if (page.after) where.push(sql`(${table.occurredAt}, ${table.id}) < (${page.after[0]}::timestamptz, ${page.after[1]}::uuid)`);
  return db
    .select()
    .from(table)
    .where(and(...where))
    .orderBy(desc(table.occurredAt), desc(table.id))
    .limit(page.limit + 1);
}

export async function countAuditEvents(db: DB, table: AuditEventsTable, filter: AuditFilter): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(table).where(and(...conditions(table, filter)));
  return row?.n ?? 0;
}

/**
 * The `<domain>AuditEvents` root field of every subgraph: a newest-first connection over its own trail.
 * A partner key never holds `audit:read`; should one ever reach here, its trail is empty, since every
 * event also names other callers and may concern people who are not its clients.
 */
export async function auditConnection(db: DB, table: AuditEventsTable, filter: AuditFilter, args: PageArgs, caller: Caller) {
  const page = parsePage(args, cursorTuple<AuditSortKey>('instant', 'uuid'));
  if (clientsOf(caller)) return { ...toConnection([] as AuditEventRow[], page, auditSortKey), totalCount: () => 0 };
  const rows = await listAuditEvents(db, table, filter, page);
  return { ...toConnection(rows, page, auditSortKey), totalCount: () => countAuditEvents(db, table, filter) };
}
