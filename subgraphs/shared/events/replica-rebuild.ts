// Rebuilds one copy from what its source publishes: the source's snapshot (snapshot.ts, taken by the
// source's own handle with the outbox sequence it includes), loaded in place of the copy in one
// transaction of the owner's that also sets the consumer's offset to that sequence, then the source's
// outbox events after it, delivered through the one consumer code path (consumer.ts). The owner's
// side never reads the source's tables. A transport running meanwhile is harmless: the offset row
// lock serialises it with the load, and events the snapshot already holds are duplicates.
import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { deliver, type Consumer, type Delivered } from './consumer.js';
import { readOutbox, toCloudEvent } from './outbox.js';
import { takeSnapshot, type Row } from './snapshot.js';
import type { EventDomain } from './transport.js';

export interface RebuildResult {
  consumer: string;
  /** Rows loaded from the snapshot. */
  rows: number;
  /** The source sequence the snapshot includes. */
  snapshotSequence: number;
  /** Events after it, by what delivering them did. */
  replayed: Record<Delivered, number>;
}

const CHUNK = 1_000;
const BATCH = 500;

/** Snapshot rows (SQL column names) as the copy table's insert values. */
function toValues(table: PgTable, rows: Row[]): Record<string, unknown>[] {
  const columns = Object.entries(getTableColumns(table));
  return rows.map((row) =>
    Object.fromEntries(
      columns.map(([property, column]) => {
        const value = row[column.name];
        return [property, column.columnType === 'PgTimestamp' && value !== null && value !== undefined && !(value instanceof Date) ? new Date(String(value)) : value];
      }),
    ),
  );
}

export async function rebuildReplica(owner: EventDomain, consumer: Consumer, source: EventDomain): Promise<RebuildResult> {
  if (!consumer.copy) throw new Error(`${consumer.name} keeps no copy it can rebuild`);
  const { table, snapshot } = consumer.copy;
  const sourceName = source.published.domain;
  const { rows, sequence } = await takeSnapshot(source, snapshot);
  const offsets = consumer.ownerTables.consumerOffsets;
  await owner.db.transaction(async (tx) => {
    // First, so a delivery of this consumer running elsewhere waits for the load (and then finds it applied).
    await tx
      .insert(offsets)
      .values({ consumer: consumer.name, source: sourceName, sequence })
      .onConflictDoUpdate({ target: [offsets.consumer, offsets.source], set: { sequence, updatedAt: sql`now()` } });
    await tx.execute(sql`delete from ${table}`);
    const values = toValues(table, rows);
    for (let i = 0; i < values.length; i += CHUNK) await tx.insert(table).values(values.slice(i, i + CHUNK) as never);
  });
  const replayed: Record<Delivered, number> = { applied: 0, duplicate: 0, 'dead-lettered': 0 };
  for (let after = sequence; ; ) {
    const events = await readOutbox(source.db, source.published.tables.outbox, after, BATCH);
    for (const row of events) {
      replayed[await deliver(owner.db, consumer, toCloudEvent(source.published.source, row))]++;
      after = row.sequence;
    }
    if (events.length < BATCH) break;
  }
  return { consumer: consumer.name, rows: rows.length, snapshotSequence: sequence, replayed };
}

/** The table a consumer's copy lives in, `schema.name`. */
export const copyTableName = (consumer: Consumer) => {
  const config = getTableConfig(consumer.copy!.table);
  return `${config.schema}.${config.name}`;
};
