// The one consumer code path, whatever the transport: apply an event and record its sequence in the
// same transaction, so a redelivery is a no-op and a crash mid-way loses nothing; park what cannot
// be applied in the dead-letter table and go on.
import { and, eq, sql } from 'drizzle-orm';
import type { DB } from '../../../kit/database/db.js';
import { driverErrorCode, isDatabaseUnavailable } from '../../../kit/database/database-unavailable.js';
import { logEvent } from '../../../kit/observability/log.js';
import { inTransaction } from '../transaction.js';
import { domainOf, sequenceOf, type CloudEvent } from './envelope.js';
import type { CopyOf } from './snapshot.js';
import type { EventTables } from './tables.js';

export interface Consumer {
  /** Unique across the system, e.g. `docket.partner_clients`; names its offsets and its durable. */
  name: string;
  /** The domain that owns the copy: its tables hold the offsets and dead letters, its handle runs `apply`. */
  owner: string;
  ownerTables: EventTables;
  /** The domains whose events it reads. */
  sources: readonly string[];
  /** Applies one event inside `tx`; types it does not handle it ignores. Throwing parks the event. */
  apply(tx: DB, event: CloudEvent): Promise<void>;
  /** The copy it keeps and its source's snapshot of it (events:check compares them, events:rebuild restores from it). */
  copy?: CopyOf;
  /** Parts of a read model made from several sources, each against its source's snapshot (events:check only). */
  checks?: readonly CopyOf[];
  /** Told the events a transaction applied, once it committed (the benchmark times lag with it). */
  committed?(events: readonly CloudEvent[]): void;
}

/** `later` (NATS only): not applied yet, because a message before it in the stream is not (deliverRun). */
export type Delivered = 'applied' | 'duplicate' | 'dead-lettered';
export type Outcome = Delivered | 'later';

/** Thrown to roll back a transaction whose event turned out to be applied already. */
class AlreadyApplied extends Error {}

/**
 * Moves the consumer's offset for the event's source to its sequence, unless it is already there
 * or beyond; true when it moved. The row lock this takes serialises deliveries of one source to
 * one consumer across replicas, so two processes never apply the same event.
 */
async function advanceOffset(tx: DB, consumer: Consumer, source: string, sequence: number): Promise<boolean> {
  const offsets = consumer.ownerTables.consumerOffsets;
  const moved = await tx
    .insert(offsets)
    .values({ consumer: consumer.name, source, sequence })
    .onConflictDoUpdate({
      target: [offsets.consumer, offsets.source],
      set: { sequence, updatedAt: sql`now()` },
      setWhere: sql`${offsets.sequence} < ${sequence}`,
    })
    .returning({ sequence: offsets.sequence });
  return moved.length > 0;
}

/**
 * Delivers one event to a consumer through `db` (the owner's own handle). A database that cannot
 * be reached is not the event's fault: that error is thrown so the transport retries later.
 */
export async function deliver(db: DB, consumer: Consumer, event: CloudEvent): Promise<Delivered> {
  const source = domainOf(event);
  const sequence = sequenceOf(event);
  try {
    const outcome = await inTransaction(db, async (tx) => {
      if (!(await advanceOffset(tx, consumer, source, sequence))) throw new AlreadyApplied();
      await consumer.apply(tx, event);
      return 'applied' as const;
    });
    consumer.committed?.([event]);
    return outcome;
  } catch (error) {
    if (error instanceof AlreadyApplied) return 'duplicate';
    if (isDatabaseUnavailable(error) || isTransient(error)) throw error;
    return (await park(db, consumer, event, error)) as Delivered; // `later` needs a stream position
  }
}

/**
 * Where a run's messages sit in the broker's stream (NATS): the stream (its name and when it was
 * made), each event's stream sequence, and the stream sequence to take as applied when the offset
 * row holds none in this stream (the durable's ack floor when the transport started: everything at
 * or below it was acked, so applied).
 */
export interface StreamPositions {
  stream: string;
  sequences: readonly number[];
  floor: number;
}

/**
 * Delivers a run of one source's events, in sequence order, in ONE transaction: the offset row is
 * locked once, events at or below it are skipped as duplicates, the rest applied, and the offset
 * moved to the last, so a backlog costs a commit per run rather than per event. Should one of them
 * fail for a reason of its own, the run is rolled back and delivered again one event at a time,
 * which parks that event alone. Same guarantees as `deliver`, event for event.
 *
 * With `stream` (NATS, where replicas fetch batches from one durable), a run must also start right
 * after the stream sequence the offset row holds: stream sequences have no gaps, so a run that does
 * not holds messages after some another replica has fetched and not yet committed. From the first
 * such message on, its events are `later`: nothing of them is applied, and the transport tries them
 * again once that replica has committed (nats.ts). Domain sequences alone could not tell this (a rolled-back
 * append leaves a gap in them), and applying past it would make the earlier events duplicates: lost.
 */
export async function deliverRun(db: DB, consumer: Consumer, events: readonly CloudEvent[], stream?: StreamPositions): Promise<Outcome[]> {
  if (!stream && events.length <= 1) return Promise.all(events.map((event) => deliver(db, consumer, event)));
  if (events.length === 0) return [];
  const source = domainOf(events[0]!);
  if (events.some((event) => domainOf(event) !== source)) throw new Error('deliverRun: a run holds one source');
  try {
    const { outcomes, applied } = await inTransaction(db, async (tx) => {
      const held = await lockOffset(tx, consumer, source);
      let offset = held.sequence;
      let streamSequence = stream ? lastInStream(held, stream) : null;
      const outcomes: Outcome[] = [];
      const applied: CloudEvent[] = [];
      let streamBehind = false;
      for (const [i, event] of events.entries()) {
        const position = stream?.sequences[i];
        const sequence = sequenceOf(event);
        if (position !== undefined) {
          if (position > streamSequence! + 1) break;
          if (position <= streamSequence!) {
            if (sequence <= offset) {
              outcomes.push('duplicate');
              continue;
            }
            // Behind in the stream yet new: cannot happen in one stream (a re-publish is stored at the
            // end). Held back, loudly, rather than taken for a duplicate and lost.
            streamBehind = true;
            break;
          }
          streamSequence = position;
        }
        if (sequence <= offset) {
          outcomes.push('duplicate');
          continue;
        }
        await consumer.apply(tx, event);
        offset = sequence;
        outcomes.push('applied');
        applied.push(event);
      }
      while (outcomes.length < events.length) outcomes.push('later');
      if (streamBehind) logEvent('error', 'event stream behind consumer offset', { consumer: consumer.name, source, streamSequence });
      await moveOffset(tx, consumer, source, stream ? { sequence: offset, streamSequence, stream: stream.stream } : { sequence: offset });
      return { outcomes, applied };
    });
    if (applied.length) consumer.committed?.(applied);
    return outcomes;
  } catch (error) {
    if (isDatabaseUnavailable(error) || isTransient(error)) throw error;
    if (events.length === 1) return [await park(db, consumer, events[0]!, error, stream)];
    const outcomes: Outcome[] = [];
    for (const [i, event] of events.entries()) {
      const [outcome] = await deliverRun(db, consumer, [event], stream && { ...stream, sequences: [stream.sequences[i]!] });
      outcomes.push(outcome!);
      if (outcome === 'later') break;
    }
    while (outcomes.length < events.length) outcomes.push('later');
    return outcomes;
  }
}

interface HeldOffset {
  sequence: number;
  streamSequence: number | null;
  stream: string | null;
}

/** The consumer's offsets for `source`, its row created at 0 if new and locked until the transaction ends. */
async function lockOffset(tx: DB, consumer: Consumer, source: string): Promise<HeldOffset> {
  const offsets = consumer.ownerTables.consumerOffsets;
  const [row] = await tx
    .insert(offsets)
    .values({ consumer: consumer.name, source, sequence: 0 })
    .onConflictDoUpdate({ target: [offsets.consumer, offsets.source], set: { sequence: sql`${offsets.sequence}` } })
    .returning({ sequence: offsets.sequence, streamSequence: offsets.streamSequence, stream: offsets.stream });
  return { sequence: Number(row!.sequence), streamSequence: row!.streamSequence === null ? null : Number(row!.streamSequence), stream: row!.stream };
}

/** The last stream sequence applied (NATS): the row's if it was counted in this stream, else the floor. */
const lastInStream = (held: HeldOffset, stream: StreamPositions) => (held.stream === stream.stream ? held.streamSequence : null) ?? stream.floor;

/** Writes the locked offset row of `source`. */
async function moveOffset(tx: DB, consumer: Consumer, source: string, to: Partial<Omit<HeldOffset, 'sequence'>> & { sequence: number }): Promise<void> {
  const offsets = consumer.ownerTables.consumerOffsets;
  await tx
    .update(offsets)
    .set({ ...to, updatedAt: sql`now()` })
    .where(and(eq(offsets.consumer, consumer.name), eq(offsets.source, source)));
}

/**
 * Failures that say nothing about the event: a serialization failure or deadlock (class 40), a
 * cancelled statement (57014, e.g. statement_timeout), a server out of resources (class 53). The
 * transport delivers the event again instead of parking it.
 */
function isTransient(error: unknown): boolean {
  const code = driverErrorCode(error) ?? '';
  return /^40/.test(code) || code === '57014' || /^53/.test(code);
}

/**
 * Records the event as dead and moves past it, in one transaction (a concurrent park is a no-op).
 * With a stream position, only in its turn: a message whose predecessor is not applied yet is `later`.
 */
async function park(db: DB, consumer: Consumer, event: CloudEvent, error: unknown, stream?: StreamPositions): Promise<Outcome> {
  const source = domainOf(event);
  const sequence = sequenceOf(event);
  const reason = errorText(error);
  const parked = await inTransaction(db, async (tx): Promise<Outcome> => {
    if (stream) {
      const position = stream.sequences[0]!;
      const offset = await lockOffset(tx, consumer, source);
      const streamSequence = lastInStream(offset, stream);
      if (position <= streamSequence) return 'duplicate';
      if (position > streamSequence + 1) return 'later';
      await moveOffset(tx, consumer, source, { sequence: Math.max(offset.sequence, sequence), streamSequence: position, stream: stream.stream });
      if (sequence <= offset.sequence) return 'duplicate';
    } else if (!(await advanceOffset(tx, consumer, source, sequence))) return 'duplicate';
    await tx.insert(consumer.ownerTables.deadLetters).values({ consumer: consumer.name, source, sequence, eventId: event.id, type: event.type, error: reason });
    return 'dead-lettered';
  });
  if (parked !== 'dead-lettered') return parked;
  // Identifiers of the event only: its payload stays out of logs.
  logEvent('error', 'event dead-lettered', { consumer: consumer.name, source, sequence, eventId: event.id, eventType: event.type, errorClass: (error as Error)?.name });
  return 'dead-lettered';
}

/**
 * The error's class and message, short. Postgres messages name constraints and types, not values
 * (those are in `detail`, which is left out), and consumers' own errors are written to name fields only.
 */
function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { message?: string } };
  const message = e?.cause?.message ?? e?.message ?? String(error);
  return `${e?.name ?? 'Error'}: ${message}`.slice(0, 500);
}
