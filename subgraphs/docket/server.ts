// The court-docket subgraph, importable by tests and the dev runner; no side effects at import.
import { auditEvents } from './db/schema.js';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../shared/subgraph-server.js';
import { createLoaders, type Loaders } from './loaders.js';
import { migrate } from './db/migrate.js';
import { resolvers } from './resolvers/index.js';
import { events } from './events/index.js';

export const docket: SubgraphDefinition<Loaders> = {
  name: 'docket',
  schemaPath: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  createLoaders,
  migrate,
  auditEvents,
  events,
};
