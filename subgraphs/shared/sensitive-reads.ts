// Accountability for reads: every request that resolves a field marked "Reading it is recorded in the
// audit trail" appends one audit event per person read (which key, which person, which fields, when),
// before the response leaves. One insert per request, whatever the number of people.
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { appendAuditEvents, type AuditEvent, type AuditEventsTable } from './audit.js';
import type { SubgraphContext } from './context.js';
import { logEvent } from '../../kit/observability/log.js';

interface PersonRead {
  recordType: string;
  recordId: string;
  enrolleeId: string | null;
  aNumber: string | null;
  fields: Set<string>;
}

/** An audited field whose record names no person: refused, not read unaudited (fail closed). */
export const UNAUDITABLE_READ = 'UNAUDITABLE_READ';

export class SensitiveReads {
  private readonly reads = new Map<string, PersonRead>();

  /**
   * Notes that `field` of `type` was read from `parent` (an Enrollee row, a check-in window...).
   * Throws when `parent` names no person: an audit event that says nobody was read would be worse
   * than none, and a silent skip would let the value out unaccounted, so the field is refused
   * (null with UNAUDITABLE_READ at its path) and the rest of the response goes on.
   */
  record(type: string, field: string, parent: Record<string, unknown>): void {
    const enrolleeId = typeof parent.enrolleeId === 'string' ? parent.enrolleeId : type === 'Enrollee' && typeof parent.id === 'string' ? parent.id : null;
    const aNumber = typeof parent.aNumber === 'string' ? parent.aNumber : null;
    const recordId = enrolleeId ?? aNumber;
    if (!recordId) {
      logEvent('error', 'unauditable sensitive read refused', { field: `${type}.${field}` });
      throw new GraphQLError(`${type}.${field} could not be attributed to a person for the audit trail, so it was not read`, { extensions: { code: UNAUDITABLE_READ } });
    }
    const key = `${type}|${recordId}`;
    const read = this.reads.get(key) ?? { recordType: type, recordId, enrolleeId, aNumber, fields: new Set<string>() };
    read.fields.add(field);
    this.reads.set(key, read);
  }

  events(): AuditEvent[] {
    return [...this.reads.values()].map((read) => ({
      operation: 'read',
      recordType: read.recordType,
      recordId: read.recordId,
      enrolleeId: read.enrolleeId,
      aNumber: read.aNumber,
      // Which fields were read, never what they hold.
      changes: Object.fromEntries([...read.fields].sort().map((field) => [field, { redacted: true as const }])),
    }));
  }
}

export function auditSensitiveReads(table: AuditEventsTable): ApolloServerPlugin<SubgraphContext<unknown>> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue }) {
          const events = contextValue.sensitiveReads.events();
          if (events.length) await appendAuditEvents(contextValue.db, table, contextValue.caller, events, contextValue.now);
        },
      };
    },
  };
}
