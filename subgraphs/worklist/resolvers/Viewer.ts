import type { ViewerResolvers } from '../generated/resolvers-types.js';

export const Viewer: ViewerResolvers = {
  // Another subgraph may hand back a Viewer by key: it is the caller, or nobody.
  __resolveReference: (reference, { caller }) => (reference.keyId === caller.id ? caller : null),
  keyId: (caller) => caller.id,
  kind: (caller) => caller.kind.toUpperCase() as never,
  scopes: (caller) => [...caller.scopes].sort(),
  organization: (caller) => (caller.kind === 'partner' && caller.organizationId ? { id: caller.organizationId } : null),
};
