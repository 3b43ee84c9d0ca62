import type { RepresentativeResolvers } from '../generated/resolvers-types.js';
import { entityId } from '../../shared/entity-keys.js';

export const Representative: RepresentativeResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.representativeById.load(entityId(reference.id)),

  organization: (representative, _, { loaders }) =>
    representative.organizationId ? loaders.organizationById.load(representative.organizationId) : null,
};
