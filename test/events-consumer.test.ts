// The consumer runner on a real database: an event delivered twice is applied once, an older one
// after a newer one is not applied at all (so a redelivered RepresentationFiled cannot bring back a
// client whose representation was since withdrawn), and the offset moves in the same transaction.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consumerOffsets, deadLetters, partnerClients } from '../subgraphs/docket/db/schema.js';
import { partnerClientsCopy } from '../subgraphs/docket/events/consumers/partner-clients.js';
import { legalEvents } from '../subgraphs/legal/events/published.js';
import { allSubgraphs } from '../subgraphs/shared/all-subgraphs.js';
import { subgraphDb } from '../kit/database/db.js';
import { deliver, deliverRun } from '../subgraphs/shared/events/consumer.js';
import { eventDomain } from '../subgraphs/shared/events/domains.js';
import { drainEvents } from '../subgraphs/shared/events/drain.js';
import { appendEvents, readOutbox, toCloudEvent } from '../subgraphs/shared/events/outbox.js';
import { inTransaction } from '../subgraphs/shared/transaction.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
const db = () => subgraphDb(database.driver);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

const organizationId = randomUUID();
const representationId = randomUUID();
const aNumber = 'A123456789';

/** A RepresentationFiled for `aNumber` by this file's organisation, as legal appends it. */
const filingOf = (id: string, aNumber: string) => ({
  type: 'RepresentationFiled' as const,
  subject: id,
  data: { representationId: id, aNumber, organizationId, representativeId: randomUUID(), caseId: null, form: 'G_28' as const, scope: 'ALL_PROCEEDINGS' as const, isPrimary: true, filedAt: new Date().toISOString() },
});

async function publishedEvents() {
  return (await readOutbox(db(), legalEvents.tables.outbox, 0, 100)).map((row) => toCloudEvent(legalEvents.source, row));
}

const clientRows = () => db().select().from(partnerClients).where(eq(partnerClients.representationId, representationId));
const offset = async () =>
  (await db().select().from(consumerOffsets).where(and(eq(consumerOffsets.consumer, 'docket.partner_clients'), eq(consumerOffsets.source, 'legal'))))[0]?.sequence;

it('applies an event once however often it is delivered, and never an older one after a newer', async () => {
  await inTransaction(db(), (tx) =>
    appendEvents(tx, legalEvents, [
      {
        type: 'RepresentationFiled',
        subject: representationId,
        data: { representationId, aNumber, organizationId, representativeId: randomUUID(), caseId: null, form: 'G_28', scope: 'ALL_PROCEEDINGS', isPrimary: true, filedAt: new Date().toISOString() },
      },
    ]),
  );
  const [filed] = await publishedEvents();
  expect(await deliver(db(), partnerClientsCopy, filed!)).toBe('applied');
  expect(await deliver(db(), partnerClientsCopy, filed!)).toBe('duplicate');
  expect(await clientRows()).toHaveLength(1);
  expect(await offset()).toBe(Number(filed!.sequence));

  await inTransaction(db(), (tx) =>
    appendEvents(tx, legalEvents, [{ type: 'RepresentationWithdrawn', subject: representationId, data: { representationId, aNumber, organizationId, caseId: null, withdrawnAt: new Date().toISOString() } }]),
  );
  const [, withdrawn] = await publishedEvents();
  expect(await deliver(db(), partnerClientsCopy, withdrawn!)).toBe('applied');
  expect(await clientRows()).toHaveLength(0);
  // The filing delivered again (a broker's redelivery, a replica catching up): ignored.
  expect(await deliver(db(), partnerClientsCopy, filed!)).toBe('duplicate');
  expect(await deliver(db(), partnerClientsCopy, withdrawn!)).toBe('duplicate');
  expect(await clientRows()).toHaveLength(0);
  expect(await offset()).toBe(Number(withdrawn!.sequence));

  // The in-process transport starting over from the outbox (every event again) changes nothing either.
  await drainEvents(allSubgraphs.map((s) => eventDomain(s.events, db())));
  expect(await clientRows()).toHaveLength(0);
  expect(await offset()).toBe(Number(withdrawn!.sequence));
});

it('rolls the offset back with the change when applying fails part-way', async () => {
  const failing = {
    ...partnerClientsCopy,
    name: 'docket.failing_copy',
    async apply(tx: Parameters<typeof partnerClientsCopy.apply>[0], event: Parameters<typeof partnerClientsCopy.apply>[1]) {
      await partnerClientsCopy.apply(tx, event);
      throw new Error('the copy could not be written');
    },
  };
  const [filed] = await publishedEvents();
  await db().delete(partnerClients);
  // Parked, not applied: the insert the consumer made before it failed is gone with its transaction.
  expect(await deliver(db(), failing, filed!)).toBe('dead-lettered');
  expect(await clientRows()).toHaveLength(0);
  expect(await deliver(db(), failing, filed!)).toBe('duplicate');
});

it('applies a run in one transaction: duplicates skipped, and a poison event in it parked alone while the others apply', async () => {
  const run = randomUUID();
  const ids: string[] = [randomUUID(), randomUUID(), randomUUID()];
  const filing = (id: string) => filingOf(id, 'A987654321');
  await inTransaction(db(), (tx) => appendEvents(tx, legalEvents, ids.map(filing)));
  const events = (await publishedEvents()).filter((e) => ids.includes((e.data as { representationId: string }).representationId));
  expect(events).toHaveLength(3);
  const copy = { ...partnerClientsCopy, name: `docket.run_${run.slice(0, 8)}` };
  const offsetOf = async (name: string) => (await db().select().from(consumerOffsets).where(and(eq(consumerOffsets.consumer, name), eq(consumerOffsets.source, 'legal'))))[0]?.sequence;
  const committed: number[][] = [];
  copy.committed = (applied) => committed.push(applied.map((e) => Number(e.sequence)));

  // The first alone, then all three: the first is a duplicate, the other two apply in one commit.
  expect(await deliverRun(db(), copy, events.slice(0, 1))).toEqual(['applied']);
  expect(await deliverRun(db(), copy, events)).toEqual(['duplicate', 'applied', 'applied']);
  expect(committed).toEqual([[Number(events[0]!.sequence)], [Number(events[1]!.sequence), Number(events[2]!.sequence)]]);
  expect(await offsetOf(copy.name)).toBe(Number(events[2]!.sequence));

  // The middle one cannot be applied: it is parked, the ones around it still apply, in order.
  const poisoned = { ...partnerClientsCopy, name: `docket.poisoned_${run.slice(0, 8)}` };
  poisoned.apply = async (tx, event) => {
    if ((event.data as { representationId: string }).representationId === ids[1]) throw new Error('cannot apply this one');
    await partnerClientsCopy.apply(tx, event);
  };
  await db().delete(partnerClients).where(inArray(partnerClients.representationId, ids));
  expect(await deliverRun(db(), poisoned, events)).toEqual(['applied', 'dead-lettered', 'applied']);
  const kept = await db().select().from(partnerClients).where(inArray(partnerClients.representationId, ids));
  expect(kept.map((r) => r.representationId).sort()).toEqual([ids[0], ids[2]].sort());
  const parked = await db().select().from(deadLetters).where(eq(deadLetters.consumer, poisoned.name));
  expect(parked.map((p) => p.sequence)).toEqual([Number(events[1]!.sequence)]);
  expect(await offsetOf(poisoned.name)).toBe(Number(events[2]!.sequence));
});

it('takes a run from the broker only in stream order: one starting past a gap waits, and a poison event is parked in its turn', async () => {
  const run = randomUUID();
  const ids: string[] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const filing = (id: string) => filingOf(id, 'A555444333');
  await inTransaction(db(), (tx) => appendEvents(tx, legalEvents, ids.map(filing)));
  const events = (await publishedEvents()).filter((e) => ids.includes((e.data as { representationId: string }).representationId));
  const copy = { ...partnerClientsCopy, name: `docket.stream_${run.slice(0, 8)}` };
  const streamOffset = async () => (await db().select().from(consumerOffsets).where(and(eq(consumerOffsets.consumer, copy.name), eq(consumerOffsets.source, 'legal'))))[0]?.streamSequence;
  // Stream sequences 41..44; the durable had acked up to 40 when the transport started.
  const at = (from: number, to: number) => ({ stream: 'SG_LEGAL@2026-12-04T00:00:00Z', sequences: Array.from({ length: to - from }, (_v, i) => 41 + from + i), floor: 40 });

  // Another replica holds 41 and 42: a run of 43 and 44 applies nothing and moves nothing.
  expect(await deliverRun(db(), copy, events.slice(2), at(2, 4))).toEqual(['later', 'later']);
  expect(await db().select().from(partnerClients).where(inArray(partnerClients.representationId, ids))).toEqual([]);
  expect(await streamOffset()).toBe(40);
  // It commits 41 and 42; then 43 and 44 apply, and a redelivered 42 is a duplicate.
  expect(await deliverRun(db(), copy, events.slice(0, 2), at(0, 2))).toEqual(['applied', 'applied']);
  expect(await deliverRun(db(), copy, events.slice(1), at(1, 4))).toEqual(['duplicate', 'applied', 'applied']);
  expect(await streamOffset()).toBe(44);
  expect(await db().select().from(partnerClients).where(inArray(partnerClients.representationId, ids))).toHaveLength(4);

  // The stream made again (a new broker store): it numbers from 1, and the row's 44 counts in the old one.
  const fifth = randomUUID();
  await inTransaction(db(), (tx) => appendEvents(tx, legalEvents, [filing(fifth)]));
  const [again] = (await publishedEvents()).filter((e) => (e.data as { representationId: string }).representationId === fifth);
  expect(await deliverRun(db(), copy, [again!], { stream: 'SG_LEGAL@2026-12-05T00:00:00Z', sequences: [1], floor: 0 })).toEqual(['applied']);
  expect(await streamOffset()).toBe(1);

  // Parking keeps the same order: the poison event at 42 waits for 41, then is parked, then 43 applies.
  const poisoned = { ...partnerClientsCopy, name: `docket.stream_poisoned_${run.slice(0, 8)}` };
  poisoned.apply = async (tx, event) => {
    if ((event.data as { representationId: string }).representationId === ids[1]) throw new Error('cannot apply this one');
    await partnerClientsCopy.apply(tx, event);
  };
  expect(await deliverRun(db(), poisoned, events.slice(1, 3), at(1, 3))).toEqual(['later', 'later']);
  expect(await db().select().from(deadLetters).where(eq(deadLetters.consumer, poisoned.name))).toEqual([]);
  expect(await deliverRun(db(), poisoned, events.slice(0, 3), at(0, 3))).toEqual(['applied', 'dead-lettered', 'applied']);
  const parked = await db().select().from(deadLetters).where(eq(deadLetters.consumer, poisoned.name));
  expect(parked.map((p) => p.sequence)).toEqual([Number(events[1]!.sequence)]);
  const [offsets] = await db().select().from(consumerOffsets).where(and(eq(consumerOffsets.consumer, poisoned.name), eq(consumerOffsets.source, 'legal')));
  expect([offsets!.sequence, offsets!.streamSequence]).toEqual([Number(events[2]!.sequence), 43]);
});
