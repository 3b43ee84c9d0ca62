import type { MutationResolvers } from '../generated/resolvers-types.js';
import { requireScope } from '../../shared/context.js';
import { fileRepresentation } from '../mutations/file-representation.js';
import { withdrawRepresentation } from '../mutations/withdraw-representation.js';

export const Mutation: MutationResolvers = {
  fileRepresentation(_, { input }, context) {
    requireScope(context.caller, 'legal:write');
    return fileRepresentation(context, input);
  },

  withdrawRepresentation(_, { input }, context) {
    requireScope(context.caller, 'legal:write');
    return withdrawRepresentation(context, input);
  },
};
