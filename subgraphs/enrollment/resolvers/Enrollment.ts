import type { EnrollmentResolvers } from '../generated/resolvers-types.js';

const DAY_MS = 86_400_000;

export const Enrollment: EnrollmentResolvers = {
  // Every enrollment belongs to a person (foreign key), so the loader always finds one.
  enrollee: async (enrollment, _, { loaders }) => (await loaders.enrolleeById.load(enrollment.enrolleeId))!,

  daysEnrolled: (enrollment, _, { now }) =>
    Math.max(0, Math.floor(((enrollment.endedAt ?? now).getTime() - enrollment.startedAt.getTime()) / DAY_MS)),
};
