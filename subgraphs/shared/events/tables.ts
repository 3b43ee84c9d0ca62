// The three event tables every domain keeps in its own schema: its outbox (what it published), and
// for the copies it keeps, how far each consumer got per source and what it could not apply.
import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, primaryKey, text, timestamp, uuid, type PgSchema } from 'drizzle-orm/pg-core';

export function eventTables(schema: PgSchema<string>) {
  /** Appended in the mutation's own transaction; `sequence` orders a domain's events (see outbox.ts). */
  const outbox = schema.table(
    'outbox',
    {
      sequence: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
      id: uuid().notNull().unique(),
      type: text().notNull(),
      subject: text().notNull(),
      time: timestamp({ withTimezone: true }).notNull(),
      data: jsonb().notNull(),
      /** When the relay last had the broker acknowledge it (NATS transport); null until then. */
      publishedAt: timestamp('published_at', { withTimezone: true }),
    },
    (t) => [index('outbox_unpublished_idx').on(t.sequence).where(sql`published_at is null`)],
  );
  /** The last sequence each consumer applied from each source, written in the same transaction as its change. */
  const consumerOffsets = schema.table(
    'consumer_offsets',
    {
      consumer: text().notNull(),
      source: text().notNull(),
      sequence: bigint({ mode: 'number' }).notNull(),
      /**
       * Through NATS only: the source stream's sequence of the last message applied (or skipped as a
       * duplicate). Stream sequences have no gaps, so a run that does not start right after it holds
       * messages another replica has not committed yet, and waits (consumer.ts, deliverRun).
       */
      streamSequence: bigint('stream_sequence', { mode: 'number' }),
      /** The stream `streamSequence` counts in: its name and when it was made (one made again numbers from 1). */
      stream: text(),
      updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [primaryKey({ columns: [t.consumer, t.source] })],
  );
  /** Events a consumer could not apply: where they are and why, never their payload. */
  const deadLetters = schema.table(
    'dead_letters',
    {
      id: uuid().primaryKey().defaultRandom(),
      consumer: text().notNull(),
      source: text().notNull(),
      sequence: bigint({ mode: 'number' }).notNull(),
      eventId: uuid('event_id').notNull(),
      type: text().notNull(),
      error: text().notNull(),
      failedAt: timestamp('failed_at', { withTimezone: true }).notNull().defaultNow(),
    },
    (t) => [index('dead_letters_consumer_idx').on(t.consumer, t.source, t.sequence)],
  );
  return { outbox, consumerOffsets, deadLetters };
}

export type EventTables = ReturnType<typeof eventTables>;
export type OutboxTable = EventTables['outbox'];
export type OutboxRow = OutboxTable['$inferSelect'];
