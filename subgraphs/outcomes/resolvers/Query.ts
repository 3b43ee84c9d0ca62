import type { QueryResolvers } from '../generated/resolvers-types.js';
import { supervisionOutcomes } from '../outcomes-table.js';

export const Query: QueryResolvers = {
  supervisionOutcomes: (_, args, { db, now }) => supervisionOutcomes(db, now, args) as never,
};
