// sendTestWebhook: queues a `webhook.test` delivery; the worker sends it like any other.
import { inTransaction } from '../../shared/transaction.js';
import type { Context } from '../context.js';
import { deliveries, type DeliveryRow } from '../db/schema.js';
import { TEST_TYPE } from '../delivery/event-types.js';
import { testBody } from '../delivery/payloads.js';
import { queueAttempts } from '../delivery/queue.js';
import { ownerOf } from '../loaders.js';
import * as repo from '../repository.js';
import { endpointNotFound } from './input.js';

export async function sendTestWebhook({ db, caller, now }: Context, rawId: string): Promise<DeliveryRow> {
  const owner = ownerOf(caller);
  const id = rawId.toLowerCase();
  return inTransaction(db, async (tx) => {
    if (!(await repo.findOwnedEndpoint(tx, owner, id))) throw endpointNotFound();
    const [row] = await tx.insert(deliveries).values({ endpointId: id, eventType: TEST_TYPE, body: JSON.stringify(testBody(id, now)), occurredAt: now, nextAttemptAt: now }).returning();
    await queueAttempts(tx, [row!.id]);
    return row!;
  });
}
