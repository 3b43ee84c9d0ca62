// What a source domain publishes besides its events: a snapshot of the facts a copy is made of, as
// of a sequence of its outbox. Seeded rows never passed through an outbox, so a copy cannot be
// rebuilt from events alone: it starts from its source's snapshot and replays the events after it.
// A snapshot is the source's own statement over its own schema, run by the source's handle; the
// consumer's side only ever sees the rows it yields (events:rebuild), never the source's tables.
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DB } from '../../../kit/database/db.js';
import type { EventDomain } from './transport.js';

export interface Snapshot {
  /** The publishing domain. */
  source: string;
  /** What it is, for reports: `legal.active_clients`. */
  name: string;
  /** A statement over the source's own schema yielding the copy's rows, its columns named as the copy's. */
  sql: string;
}

/**
 * The copy a consumer keeps, for events:check and events:rebuild: its table, and its source's
 * snapshot of what it holds. A read model built from several sources holds several such parts, each
 * only some of its table's columns and rows: `columns` and `where` say which (the check compares
 * exactly those; such a part cannot be rebuilt alone).
 */
export interface CopyOf {
  table: PgTable;
  snapshot: Snapshot;
  /** SQL names of the columns compared (default: all of the table's). */
  columns?: readonly string[];
  /** A condition over the table's columns choosing the rows compared (default: every row). */
  where?: string;
}

export type Row = Record<string, unknown>;

const rowsOf = <R>(result: unknown) => (result as { rows: R[] }).rows;

/** Runs `statement` and returns its rows (raw SQL of the kit's own making). */
export async function rowsOfQuery<R = Row>(db: DB, statement: string): Promise<R[]> {
  return rowsOf<R>(await db.execute(sql.raw(statement)));
}

/** The snapshot's rows and the last sequence of the source's outbox they include, read in one repeatable-read transaction. */
export async function takeSnapshot(source: EventDomain, snapshot: Snapshot): Promise<{ rows: Row[]; sequence: number }> {
  if (source.published.domain !== snapshot.source) throw new Error(`${snapshot.name} is published by ${snapshot.source}, not ${source.published.domain}`);
  return source.db.transaction(
    async (tx) => {
      const outbox = source.published.tables.outbox;
      const [last] = rowsOf<{ n: string | number | null }>(await tx.execute(sql`select max(${outbox.sequence}) as n from ${outbox}`));
      const rows = rowsOf<Row>(await tx.execute(sql.raw(snapshot.sql)));
      return { rows, sequence: Number(last?.n ?? 0) };
    },
    { isolationLevel: 'repeatable read' },
  );
}
