import type { EnrolleeResolvers } from '../generated/resolvers-types.js';
import { entityANumber } from '../../shared/entity-keys.js';
import { currentRepresentation, isActive } from '../representation-choice.js';

export const Enrollee: EnrolleeResolvers = {
  // Anyone may be asked about: a person with no filings is simply unrepresented.
  __resolveReference: (reference) => ({ aNumber: entityANumber(reference.aNumber) }),

  representation: async ({ aNumber }, _, { loaders }) => currentRepresentation(await loaders.representationsByANumber.load(aNumber)),

  representationHistory: ({ aNumber }, _, { loaders }) => loaders.representationsByANumber.load(aNumber),

  isRepresented: async ({ aNumber }, _, { loaders }) => (await loaders.representationsByANumber.load(aNumber)).some(isActive),
};
