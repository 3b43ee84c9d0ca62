import type { QueryResolvers } from '../generated/resolvers-types.js';
import { auditConnection } from '../../shared/audit.js';
import { auditEvents } from '../db/schema.js';

export const Query: QueryResolvers = {
  checkInAuditEvents(_, { enrolleeId, operation, first, after }, { db, caller }) {
    return auditConnection(db, auditEvents, { enrolleeId, operation }, { first, after }, caller) as never;
  },
};
