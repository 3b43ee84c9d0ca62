import type { EnrolleeResolvers } from '../generated/resolvers-types.js';
import { entityANumber } from '../../shared/entity-keys.js';
import { currentRepresentation, isActive } from '../representation-choice.js';

export const Enrollee: EnrolleeResolvers = {
  // Anyone may be asked about: a person with no filings is simply unrepresented. A person a partner
  // may not see is no entity at all, the same null as an A-number nobody has.
  async __resolveReference(reference, { loaders }) {
    const aNumber = entityANumber(reference.aNumber);
    return (await loaders.personVisible.load(aNumber)) ? { aNumber } : null;
  },

  representation: async ({ aNumber }, _, { loaders }) => currentRepresentation(await loaders.representationsByANumber.load(aNumber)),

  representationHistory: ({ aNumber }, _, { loaders }) => loaders.representationsByANumber.load(aNumber),

  isRepresented: async ({ aNumber }, _, { loaders }) => (await loaders.representationsByANumber.load(aNumber)).some(isActive),
};
