// The audit row every endpoint change writes: what changed, never the secret or the URL's query.
import { appendAudit, type AuditChanges } from '../../shared/audit.js';
import type { Caller } from '../../shared/context.js';
import type { DB } from '../../../kit/database/db.js';
import { auditEvents } from '../db/schema.js';

export function auditEndpoint(tx: DB, caller: Caller, operation: string, endpointId: string, changes: AuditChanges, now: Date): Promise<void> {
  return appendAudit(tx, auditEvents, caller, { operation, recordType: 'WebhookEndpoint', recordId: endpointId, changes }, now);
}

/** A URL as the audit trail keeps it: scheme, host and path (a query string may carry a token). */
export const auditedUrl = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
};
