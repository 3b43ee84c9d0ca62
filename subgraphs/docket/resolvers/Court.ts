import type { CourtResolvers } from '../generated/resolvers-types.js';

export const Court: CourtResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.courtByCode.load(String(reference.code).toUpperCase()),

  // EOIR publishes the base city only.
  address: (court) => ({ line1: null, line2: null, city: court.city, state: court.state, postalCode: null }),
};
