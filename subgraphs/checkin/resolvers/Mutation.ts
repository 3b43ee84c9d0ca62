import type { MutationResolvers } from '../generated/resolvers-types.js';
import { requireScope } from '../../shared/context.js';
import { excuseCheckIn } from '../mutations/excuse-check-in.js';
import { recordCheckIn } from '../mutations/record-check-in.js';

export const Mutation: MutationResolvers = {
  recordCheckIn(_, { input }, context) {
    requireScope(context.caller, 'checkin:write');
    return recordCheckIn(context, input);
  },

  excuseCheckIn(_, { input }, context) {
    requireScope(context.caller, 'checkin:write');
    return excuseCheckIn(context, input);
  },
};
