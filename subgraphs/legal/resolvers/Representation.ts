import type { RepresentationResolvers } from '../generated/resolvers-types.js';
import { clientsOf } from '../../shared/context.js';
import { entityId } from '../../shared/entity-keys.js';
import { isActive } from '../representation-choice.js';

export const Representation: RepresentationResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.representationById.load(entityId(reference.id)),

  client: (representation) => ({ aNumber: representation.aNumber }),

  // A filing may name a case that is not its client's (or none that exists): a partner then gets
  // null, the same for both, rather than a reference to someone else's case.
  immigrationCase: async ({ caseId }, _, { loaders }) => (caseId && (await loaders.caseVisible.load(caseId)) ? { id: caseId } : null),

  // The foreign key guarantees the representative exists.
  representative: async (representation, _, { loaders }) => (await loaders.representativeById.load(representation.representativeId))!,

  organization: (representation, _, { loaders }) =>
    representation.organizationId ? loaders.organizationById.load(representation.organizationId) : null,

  isActive: (representation) => isActive(representation),

  // Why a representative withdrew is between them, the client and their organisation: a partner
  // reads the reasons its own organisation's representations recorded, and null for any other
  // organisation's (as for a withdrawal with no reason kept, so nothing says one exists).
  withdrawalReason: (representation, _, { caller }) => {
    const organization = clientsOf(caller);
    return organization === null || representation.organizationId === organization ? representation.withdrawalReason : null;
  },
};
