import type { QueryResolvers } from '../generated/resolvers-types.js';
import { auditConnection } from '../../shared/audit.js';
import { auditEvents } from '../db/schema.js';

export const Query: QueryResolvers = {
  checkInAuditEvents(_, { enrolleeId, operation, first, after }, { db }) {
    return auditConnection(db, auditEvents, { enrolleeId, operation }, { first, after }) as never;
  },
};
