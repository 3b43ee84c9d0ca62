// The alerts subgraph, importable by tests and the dev runner; no side effects at import.
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../shared/subgraph-server.js';
import { auditEvents } from './db/schema.js';
import { migrate } from './db/migrate.js';
import { startDeliveryWorker } from './delivery/worker.js';
import { events } from './events/index.js';
import { createLoaders, type Loaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';

export const alerts: SubgraphDefinition<Loaders> = {
  name: 'alerts',
  schemaPath: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  createLoaders,
  migrate,
  auditEvents,
  events,
  // Every replica sends: rows are claimed with SKIP LOCKED, so each delivery goes out from one.
  workers: (db) => [startDeliveryWorker(db)],
};
