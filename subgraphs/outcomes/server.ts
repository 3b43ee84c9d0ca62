// The outcomes read-model subgraph, importable by tests and the dev runner; no side effects at import.
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../shared/subgraph-server.js';
import { auditEvents } from './db/schema.js';
import { migrate } from './db/migrate.js';
import { events } from './events/index.js';
import { createLoaders, type Loaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';

export const outcomes: SubgraphDefinition<Loaders> = {
  name: 'outcomes',
  schemaPath: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  createLoaders,
  migrate,
  auditEvents,
  events,
};
