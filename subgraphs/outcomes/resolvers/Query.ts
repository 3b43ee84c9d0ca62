import type { QueryResolvers } from '../generated/resolvers-types.js';
import { selectsPath } from '../../../kit/graphql/selection.js';
import { supervisionOutcomes } from '../outcomes-table.js';

export const Query: QueryResolvers = {
  // Cost is summed from every supervision period per request (repository.ts, costCells): left out when
  // no row's cost is selected, it costs nothing then.
  supervisionOutcomes: (_, args, { db, now }, info) => supervisionOutcomes(db, now, args, { cost: selectsPath(info, ['rows', 'cost']) }) as never,
};
