// The transactional outbox: a mutation appends its events in its own transaction, so a committed
// change always has its events and a rolled-back one never does.
import { randomUUID } from 'node:crypto';
import { and, asc, gt, inArray, isNull, sql } from 'drizzle-orm';
import { PgliteTransaction } from 'drizzle-orm/pglite';
import type { DB } from '../../../kit/database/db.js';
import { markAppended } from './commits.js';
import { formatSequence, type CloudEvent } from './envelope.js';
import type { EventDefinitions, NewEvent, PublishedEvents } from './registry.js';
import type { OutboxRow, OutboxTable } from './tables.js';

/** A stable advisory-lock key per domain outbox (a 31-bit string hash). */
function lockKey(domain: string): number {
  let hash = 0;
  for (const char of `outbox:${domain}`) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash & 0x7fffffff;
}

/**
 * Appends `events` to the domain's outbox inside `tx` (the mutation's transaction; call it last,
 * after the change and its audit row). Appends of one domain are serialised by a transaction-scoped
 * advisory lock held until COMMIT (on PostgreSQL; PGlite's transactions never overlap), so sequence
 * order is commit order: a reader that has seen sequence n can never later find a committed n-1
 * (without the lock, an earlier-numbered transaction could commit after a later one and be skipped).
 * Gaps (rolled-back appends) are normal.
 */
export async function appendEvents<R extends EventDefinitions>(tx: DB, published: PublishedEvents<R>, events: NewEvent<R>[], time = new Date()): Promise<void> {
  if (events.length === 0 || outboxBaseline.skip) return;
  // Embedded PGlite runs each transaction alone (test/pglite-exclusive-transactions.test.ts holds it
  // to that), so there commit order is sequence order already: one statement fewer per mutation,
  // most of what the outbox cost a PGlite mutation (bench:events, 2026-12-06: 1.16x / 1.19x before,
  // 1.04x / 1.00x after, in process / through NATS).
  if (!(tx instanceof PgliteTransaction)) await tx.execute(sql`select pg_advisory_xact_lock(${lockKey(published.domain)})`);
  const appended = await tx
    .insert(published.tables.outbox)
    .values(events.map((event) => ({ id: randomUUID(), type: event.type, subject: event.subject, time, data: event.data as unknown })))
    .returning({ sequence: published.tables.outbox.sequence });
  markAppended(tx, published.domain, appended.map((row) => row.sequence));
}

/**
 * bench:events' baseline, and nothing else: while `skip` is set, appendEvents appends nothing, so
 * the benchmark can time the same mutations without their outbox. Serving code never sets it.
 */
export const outboxBaseline = { skip: false };

/** Outbox rows after `after`, oldest first. */
export function readOutbox(db: DB, outbox: OutboxTable, after: number, limit: number): Promise<OutboxRow[]> {
  return db.select().from(outbox).where(gt(outbox.sequence, after)).orderBy(asc(outbox.sequence)).limit(limit);
}

/** Rows the relay has not had acknowledged yet, oldest first. */
export function readUnpublished(db: DB, outbox: OutboxTable, limit: number): Promise<OutboxRow[]> {
  return db.select().from(outbox).where(isNull(outbox.publishedAt)).orderBy(asc(outbox.sequence)).limit(limit);
}

export async function markPublished(db: DB, outbox: OutboxTable, sequences: number[], at = new Date()): Promise<void> {
  if (sequences.length === 0) return;
  await db.update(outbox).set({ publishedAt: at }).where(and(inArray(outbox.sequence, sequences), isNull(outbox.publishedAt)));
}

/** The row as the CloudEvent it is on the wire. */
export function toCloudEvent(source: string, row: OutboxRow): CloudEvent {
  return {
    specversion: '1.0',
    id: row.id,
    source,
    type: row.type,
    subject: row.subject,
    time: row.time.toISOString(),
    datacontenttype: 'application/json',
    sequence: formatSequence(row.sequence),
    data: row.data,
  };
}
