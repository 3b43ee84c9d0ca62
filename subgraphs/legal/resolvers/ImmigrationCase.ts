import type { ImmigrationCaseResolvers } from '../generated/resolvers-types.js';
import { entityId } from '../../shared/entity-keys.js';

export const ImmigrationCase: ImmigrationCaseResolvers = {
  // The docket subgraph owns cases; here a case is only its id.
  __resolveReference: (reference) => ({ id: entityId(reference.id) }),

  counsel: ({ id }, _, { loaders }) => loaders.counselByCaseId.load(id),
};
