import type { CourtResolvers } from '../generated/resolvers-types.js';

export const Court: CourtResolvers = {
  __resolveReference: (reference, { loaders }) => loaders.courtByCode.load(String(reference.code).toUpperCase()),

  // The base-city code is the court's natural key; `id` exposes it under the name client caches look for.
  id: (court) => court.code,

  // EOIR publishes the base city only.
  address: (court) => ({ line1: null, line2: null, city: court.city, state: court.state, postalCode: null }),
};
