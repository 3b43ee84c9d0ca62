import type { EnrollmentResolvers } from '../generated/resolvers-types.js';

const DAY_MS = 86_400_000;

export const Enrollment: EnrollmentResolvers = {
  daysEnrolled: (enrollment, _, { now }) =>
    Math.max(0, Math.floor(((enrollment.endedAt ?? now).getTime() - enrollment.startedAt.getTime()) / DAY_MS)),
};
