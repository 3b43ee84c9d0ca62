import type { ViewerResolvers } from '../generated/resolvers-types.js';
import { cursorTuple, parsePage, toConnection } from '../../shared/pagination.js';
import { ownerOf } from '../loaders.js';
import * as repo from '../repository.js';

export const Viewer: ViewerResolvers = {
  // The worklist subgraph answers Query.viewer; a reference to anyone but the caller is nobody.
  __resolveReference: ({ keyId }, { caller }) => (keyId === caller.id ? { kind: 'viewer', keyId } : null),
  async webhookEndpoints(_, { first, after }, { db, caller }) {
    const page = parsePage({ first, after }, cursorTuple<repo.EndpointSortKey>('instant', 'uuid'));
    const rows = await repo.listEndpoints(db, ownerOf(caller), page);
    return toConnection(rows, page, repo.endpointSortKey) as never;
  },
};
