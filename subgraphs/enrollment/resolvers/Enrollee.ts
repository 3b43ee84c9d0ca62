import type { EnrolleeResolvers } from '../generated/resolvers-types.js';
import { supervisionStatus } from '../supervision-status.js';

export const Enrollee: EnrolleeResolvers = {
  async __resolveReference(reference, { loaders }) {
    const row = 'id' in reference ? await loaders.enrolleeById.load(reference.id) : await loaders.enrolleeByANumber.load(reference.aNumber);
    // Keep the fields the gateway sent for @requires alongside the row.
    return row && { ...reference, ...row };
  },

  address: (enrollee) =>
    enrollee.city && enrollee.state
      ? { line1: enrollee.addressLine1, line2: enrollee.addressLine2, city: enrollee.city, state: enrollee.state, postalCode: enrollee.postalCode }
      : null,

  fieldOffice: async (enrollee, _, { loaders }) => (await loaders.fieldOfficeByCode.load(enrollee.fieldOfficeCode))!,

  enrollments: (enrollee, _, { loaders }) => loaders.enrollmentsByEnrolleeId.load(enrollee.id),

  async currentEnrollment(enrollee, _, { loaders }) {
    const all = await loaders.enrollmentsByEnrolleeId.load(enrollee.id);
    return all.find((e) => e.isCurrent) ?? null;
  },

  async supervisionStatus(enrollee, _, { loaders, now }) {
    const all = await loaders.enrollmentsByEnrolleeId.load(enrollee.id);
    return supervisionStatus(all.find((e) => e.isCurrent) ?? null, enrollee.compliance, enrollee.nextHearing, now);
  },
};
