// updateWebhookEndpoint: a new URL, alert types or description, or enabling it again (which clears
// the failure run, so it is not disabled again by its old failures).
import type { AuditChanges } from '../../shared/audit.js';
import { optionalText } from '../../shared/validate.js';
import { inTransaction } from '../../shared/transaction.js';
import { and, eq } from 'drizzle-orm';
import type { Context } from '../context.js';
import { webhookEndpoints, type WebhookEndpointRow } from '../db/schema.js';
import type { UpdateWebhookEndpointInput } from '../generated/resolvers-types.js';
import { ownerOf } from '../loaders.js';
import * as repo from '../repository.js';
import { queuePendingAttempts } from '../delivery/queue.js';
import { auditedUrl, auditEndpoint } from './audit.js';
import { alertTypes, endpointNotFound, webhookUrl } from './input.js';

export async function updateWebhookEndpoint({ db, caller, now }: Context, input: UpdateWebhookEndpointInput): Promise<WebhookEndpointRow> {
  const owner = ownerOf(caller);
  const id = input.id.toLowerCase();
  const set: Partial<WebhookEndpointRow> = { updatedAt: now };
  const changes: AuditChanges = {};
  if (input.url != null) {
    set.url = await webhookUrl(input.url, 'input.url');
    changes.url = { to: auditedUrl(set.url) };
  }
  if (input.eventTypes != null) changes.eventTypes = { to: (set.eventTypes = alertTypes(input.eventTypes, 'input.eventTypes')) };
  if (input.description !== undefined) {
    set.description = optionalText(input.description, 'input.description', 200) ?? '';
    changes.description = { redacted: true };
  }
  if (input.enabled === true) Object.assign(set, { status: 'ACTIVE', disabledAt: null, disabledReason: null, failingSince: null });
  if (input.enabled === false) Object.assign(set, { status: 'DISABLED', disabledAt: now, disabledReason: 'Disabled by its owner.' });
  if (input.enabled != null) changes.status = { to: set.status };
  return inTransaction(db, async (tx) => {
    const before = await repo.findOwnedEndpoint(tx, owner, id, true);
    if (!before) throw endpointNotFound('input.id');
    const [row] = await tx.update(webhookEndpoints).set(set).where(and(eq(webhookEndpoints.id, id), repo.ownedBy(owner))).returning();
    await auditEndpoint(tx, caller, 'updateWebhookEndpoint', id, changes, now);
    // A disabled endpoint's deliveries wait without a job (delivery/worker.ts); enabled again, they
    // go now. Only on that change: an active endpoint's pending deliveries have their jobs already.
    if (before.status === 'DISABLED' && row!.status === 'ACTIVE') await queuePendingAttempts(tx, id);
    return row!;
  });
}
