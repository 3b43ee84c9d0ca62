// Runs operations against one subgraph in-process (no gateway), for `_entities` and resolver tests.
import type { DocumentNode } from 'graphql';
import { DEVELOPMENT_CALLER, type Caller } from '../../kit/identity/caller.js';
import type { DB } from '../../kit/database/db.js';
import { buildSubgraphServer, createContext, type SubgraphDefinition } from '../../subgraphs/shared/subgraph-server.js';

export async function subgraphClient<L>(definition: SubgraphDefinition<L>, db: DB, now = () => new Date()) {
  const server = buildSubgraphServer(definition);
  await server.start();
  return {
    /** Runs as `caller` (default: every scope, no organisation). */
    async execute(query: string | DocumentNode, variables?: Record<string, unknown>, caller: Caller = DEVELOPMENT_CALLER) {
      const response = await server.executeOperation({ query, variables }, { contextValue: createContext(definition, db, caller, now()) });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return response.body.singleResult as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    },
    stop: () => server.stop(),
  };
}
