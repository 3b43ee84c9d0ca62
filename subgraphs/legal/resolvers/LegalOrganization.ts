import type { LegalOrganizationResolvers } from '../generated/resolvers-types.js';
import { parsePage, toConnection } from '../../shared/pagination.js';
import { entityId } from '../../shared/entity-keys.js';

const isANumberCursor = (value: unknown): value is string => typeof value === 'string' && /^A\d{9}$/.test(value);

export const LegalOrganization: LegalOrganizationResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.organizationById.load(entityId(reference.id)),

  representatives: (organization, _, { loaders }) => loaders.representativesByOrganizationId.load(organization.id),

  // A partner sees its own organisation's clients only (the loaders decide): another's list is empty.
  async clients(organization, { first, after }, { loaders }) {
    const page = parsePage({ first, after }, isANumberCursor);
    const rows = await loaders.clientPage.load({ organizationId: organization.id, limit: page.limit, after: page.after });
    for (const row of rows) loaders.representationById.prime(row.id, row);
    const connection = toConnection(rows, page, (row) => row.aNumber);
    return {
      pageInfo: connection.pageInfo,
      edges: connection.edges.map(({ cursor, node }) => ({ cursor, node: { aNumber: node.aNumber }, representation: node })),
      totalCount: () => loaders.clientCountByOrganizationId.load(organization.id),
    } as never;
  },
};
