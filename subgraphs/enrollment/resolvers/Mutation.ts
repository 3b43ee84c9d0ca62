import type { MutationResolvers } from '../generated/resolvers-types.js';
import { changeSupervision } from '../mutations/change-supervision.js';
import { endEnrollment } from '../mutations/end-enrollment.js';
import { enroll } from '../mutations/enroll.js';

export const Mutation: MutationResolvers = {
  enroll: (_, { input }, context) => enroll(context, input),
  changeSupervision: (_, { input }, context) => changeSupervision(context, input),
  endEnrollment: (_, { input }, context) => endEnrollment(context, input),
};
