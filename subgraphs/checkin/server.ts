// The check-in subgraph, importable by tests and the dev runner; no side effects at import.
import { auditEvents, scheduledJobs } from './db/schema.js';
import { complianceEvaluationJob, complianceEvaluationSettings } from './jobs/compliance-evaluation.js';
import { locationRetentionJob, locationRetentionSettings } from './jobs/location-retention.js';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '../shared/subgraph-server.js';
import { createLoaders, type Loaders } from './loaders.js';
import { migrate } from './db/migrate.js';
import { resolvers } from './resolvers/index.js';
import { events } from './events/index.js';

export const checkin: SubgraphDefinition<Loaders> = {
  name: 'checkin',
  schemaPath: fileURLToPath(new URL('./schema.graphql', import.meta.url)),
  resolvers,
  createLoaders,
  migrate,
  auditEvents,
  jobs: { table: scheduledJobs, create: (env) => [locationRetentionJob(locationRetentionSettings(env)), complianceEvaluationJob(complianceEvaluationSettings(env))] },
  events,
};
