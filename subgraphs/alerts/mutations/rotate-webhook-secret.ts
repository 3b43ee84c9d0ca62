// rotateWebhookSecret: a new secret, shown once; the old one keeps signing alongside for 24 hours.
import { and, eq } from 'drizzle-orm';
import { inTransaction } from '../../shared/transaction.js';
import type { Context } from '../context.js';
import { webhookEndpoints, type WebhookEndpointRow } from '../db/schema.js';
import { sealSecret } from '../delivery/secret-box.js';
import { newSecret } from '../delivery/signing.js';
import { ownerOf } from '../loaders.js';
import * as repo from '../repository.js';
import { auditEndpoint } from './audit.js';
import { endpointNotFound } from './input.js';

const OVERLAP_MS = 24 * 3_600_000;

export async function rotateWebhookSecret({ db, caller, now }: Context, rawId: string): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const owner = ownerOf(caller);
  const id = rawId.toLowerCase();
  const secret = newSecret();
  const endpoint = await inTransaction(db, async (tx) => {
    const current = await repo.findOwnedEndpoint(tx, owner, id);
    if (!current) throw endpointNotFound();
    const [row] = await tx
      .update(webhookEndpoints)
      .set({ secret: sealSecret(secret), previousSecret: current.secret, previousSecretUntil: new Date(now.getTime() + OVERLAP_MS), updatedAt: now })
      .where(and(eq(webhookEndpoints.id, id), repo.ownedBy(owner)))
      .returning();
    await auditEndpoint(tx, caller, 'rotateWebhookSecret', id, { secret: { redacted: true } }, now);
    return row!;
  });
  return { endpoint, secret };
}
