import type { FieldOfficeResolvers } from '../generated/resolvers-types.js';

export const FieldOffice: FieldOfficeResolvers = {
  // The AOR code is the office's natural key; `id` exposes it under the name client caches look for.
  id: (office) => office.code,
};
