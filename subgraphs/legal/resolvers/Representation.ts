import type { RepresentationResolvers } from '../generated/resolvers-types.js';
import { entityId } from '../../shared/entity-keys.js';
import { isActive } from '../representation-choice.js';

export const Representation: RepresentationResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.representationById.load(entityId(reference.id)),

  client: (representation) => ({ aNumber: representation.aNumber }),

  immigrationCase: (representation) => (representation.caseId ? { id: representation.caseId } : null),

  // The foreign key guarantees the representative exists.
  representative: async (representation, _, { loaders }) => (await loaders.representativeById.load(representation.representativeId))!,

  organization: (representation, _, { loaders }) =>
    representation.organizationId ? loaders.organizationById.load(representation.organizationId) : null,

  isActive: (representation) => isActive(representation),
};
