import type { QueryResolvers } from '../generated/resolvers-types.js';
import { auditConnection } from '../../shared/audit.js';
import { auditEvents } from '../db/schema.js';
import { cursorTuple, parsePage, toConnection } from '../../shared/pagination.js';
import { entityId } from '../../shared/entity-keys.js';
import * as repo from '../repository.js';

export const Query: QueryResolvers = {
  legalAuditEvents(_, { aNumber, operation, first, after }, { db, caller }) {
    return auditConnection(db, auditEvents, { aNumber, operation }, { first, after }, caller) as never;
  },

  legalOrganization: (_, { id }, { loaders }) => loaders.organizationById.load(entityId(id)),

  representative: (_, { id }, { loaders }) => loaders.representativeById.load(entityId(id)),

  async legalOrganizations(_, { first, after }, { db, loaders }) {
    const page = parsePage({ first, after }, cursorTuple<repo.OrganizationSortKey>('text', 'uuid'));
    const rows = await repo.listOrganizations(db, page);
    for (const row of rows) loaders.organizationById.prime(row.id, row);
    return { ...toConnection(rows, page, repo.organizationSortKey), totalCount: () => repo.countOrganizations(db) } as never;
  },
};
