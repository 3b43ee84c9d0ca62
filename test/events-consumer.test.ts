// The consumer runner on a real database: an event delivered twice is applied once, an older one
// after a newer one is not applied at all (so a redelivered RepresentationFiled cannot bring back a
// client whose representation was since withdrawn), and the offset moves in the same transaction.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { consumerOffsets, partnerClients } from '../subgraphs/docket/db/schema.js';
import { partnerClientsCopy } from '../subgraphs/docket/events/consumers/partner-clients.js';
import { legalEvents } from '../subgraphs/legal/events/published.js';
import { allSubgraphs } from '../subgraphs/shared/all-subgraphs.js';
import { subgraphDb } from '../kit/database/db.js';
import { deliver } from '../subgraphs/shared/events/consumer.js';
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
