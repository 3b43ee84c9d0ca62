// The worklist read model, importable by tests and the dev runner; no side effects at import. It
// owns only data derived from the four domains' events (events/consumers/).
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../shared/subgraph-server.js';
import { auditEvents, scheduledJobs } from './db/schema.js';
import { migrate } from './db/migrate.js';
import { events } from './events/index.js';
import { reevaluationJob } from './jobs/reevaluation.js';
import { createLoaders, type Loaders } from './loaders.js';
import { resolvers } from './resolvers/index.js';

export const worklist: SubgraphDefinition<Loaders> = {
  name: 'worklist',
  schemaPath: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  createLoaders,
  migrate,
  auditEvents,
  jobs: { table: scheduledJobs, create: (env) => [reevaluationJob(env)] },
  events,
};
