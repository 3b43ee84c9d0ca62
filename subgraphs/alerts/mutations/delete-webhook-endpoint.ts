// deleteWebhookEndpoint: the endpoint and its deliveries go (pending ones are never sent).
import { and, eq } from 'drizzle-orm';
import { inTransaction } from '../../shared/transaction.js';
import type { Context } from '../context.js';
import { webhookEndpoints } from '../db/schema.js';
import { ownerOf } from '../loaders.js';
import * as repo from '../repository.js';
import { auditEndpoint } from './audit.js';
import { endpointNotFound } from './input.js';

export async function deleteWebhookEndpoint({ db, caller, now }: Context, rawId: string): Promise<string> {
  const owner = ownerOf(caller);
  const id = rawId.toLowerCase();
  return inTransaction(db, async (tx) => {
    const deleted = await tx.delete(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), repo.ownedBy(owner))).returning({ id: webhookEndpoints.id });
    if (!deleted.length) throw endpointNotFound();
    await auditEndpoint(tx, caller, 'deleteWebhookEndpoint', id, { deleted: { to: true } }, now);
    return id;
  });
}
