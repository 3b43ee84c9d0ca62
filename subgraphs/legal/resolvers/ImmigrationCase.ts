import type { ImmigrationCaseResolvers } from '../generated/resolvers-types.js';
import { entityId } from '../../shared/entity-keys.js';

export const ImmigrationCase: ImmigrationCaseResolvers = {
  // The docket subgraph owns cases; here a case is only its id. A partner's reference to a case that
  // is not one of its clients' (by this domain's copy of the docket's cases) is no entity at all,
  // the same null as a case id nobody has, as docket's own answer is; counsel is filtered besides.
  async __resolveReference(reference, { loaders }) {
    const id = entityId(reference.id);
    return (await loaders.caseVisible.load(id)) ? { id } : null;
  },

  counsel: ({ id }, _, { loaders }) => loaders.counselByCaseId.load(id),
};
