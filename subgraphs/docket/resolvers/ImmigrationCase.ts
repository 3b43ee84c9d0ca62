import type { ImmigrationCaseResolvers } from '../generated/resolvers-types.js';
import { entityId } from '../../shared/entity-keys.js';

export const ImmigrationCase: ImmigrationCaseResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.caseById.load(entityId(reference.id)),

  respondent: (row) => ({ aNumber: row.aNumber }),

  court: async (row, _, { loaders }) => (await loaders.courtByCode.load(row.courtCode))!,

  hearings: (row, _, { loaders }) => loaders.hearingsByCaseId.load(row.id),
};
