import type { LegalOrganizationResolvers } from '../generated/resolvers-types.js';
import { parsePage, toConnection } from '../../shared/pagination.js';
import { clientsOf } from '../../shared/context.js';
import { entityId } from '../../shared/entity-keys.js';

const isANumberCursor = (value: unknown): value is string => typeof value === 'string' && /^A\d{9}$/.test(value);

export const LegalOrganization: LegalOrganizationResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.organizationById.load(entityId(reference.id)),

  representatives: (organization, _, { loaders }) => loaders.representativesByOrganizationId.load(organization.id),

  async clients(organization, { first, after }, { loaders, caller }) {
    const page = parsePage({ first, after }, isANumberCursor);
    // A partner sees its own organisation's clients only: another's list is simply empty.
    const partnerOrg = clientsOf(caller);
    if (partnerOrg && partnerOrg !== organization.id) {
      return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: page.after !== null, startCursor: null, endCursor: null }, totalCount: 0 } as never;
    }
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
