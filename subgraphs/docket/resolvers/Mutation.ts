import type { MutationResolvers } from '../generated/resolvers-types.js';
import { recordHearingOutcome } from '../mutations/record-hearing-outcome.js';
import { rescheduleHearing } from '../mutations/reschedule-hearing.js';
import { scheduleHearing } from '../mutations/schedule-hearing.js';

export const Mutation: MutationResolvers = {
  scheduleHearing: (_, { input }, context) => scheduleHearing(context, input),

  rescheduleHearing: (_, { input }, context) => rescheduleHearing(context, input),

  recordHearingOutcome: (_, { input }, context) => recordHearingOutcome(context, input),
};
