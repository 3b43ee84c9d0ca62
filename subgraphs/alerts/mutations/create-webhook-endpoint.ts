// createWebhookEndpoint: registers a receiver for the caller's organisation (partner key) or for a
// field office (staff key), with a new secret returned this once.
import { optionalText } from '../../shared/validate.js';
import { inTransaction } from '../../shared/transaction.js';
import type { Context } from '../context.js';
import { webhookEndpoints, type WebhookEndpointRow } from '../db/schema.js';
import { sealSecret } from '../delivery/secret-box.js';
import { newSecret } from '../delivery/signing.js';
import type { CreateWebhookEndpointInput } from '../generated/resolvers-types.js';
import { ownerOf } from '../loaders.js';
import { auditedUrl, auditEndpoint } from './audit.js';
import { alertTypes, newOwner, webhookUrl } from './input.js';

export async function createWebhookEndpoint({ db, caller, now }: Context, input: CreateWebhookEndpointInput): Promise<{ endpoint: WebhookEndpointRow; secret: string }> {
  const owner = newOwner(ownerOf(caller), input.fieldOfficeCode);
  const eventTypes = alertTypes(input.eventTypes, 'input.eventTypes');
  const description = optionalText(input.description, 'input.description', 200) ?? '';
  const url = await webhookUrl(input.url, 'input.url');
  const secret = newSecret();
  const endpoint = await inTransaction(db, async (tx) => {
    const [row] = await tx.insert(webhookEndpoints).values({ ...owner, url, description, eventTypes, secret: sealSecret(secret), createdAt: now, updatedAt: now }).returning();
    await auditEndpoint(tx, caller, 'createWebhookEndpoint', row!.id, { url: { to: auditedUrl(url) }, eventTypes: { to: eventTypes }, secret: { redacted: true } }, now);
    return row!;
  });
  return { endpoint, secret };
}
