// The four subgraphs in migration order. Used by the dev runner, the seed script and tests.
import { checkin } from '../checkin/server.js';
import { docket } from '../docket/server.js';
import { enrollment } from '../enrollment/server.js';
import { legal } from '../legal/server.js';
import { subgraphDb, type Driver } from './db.js';

// Enrollment first: it publishes the view check-in reads.
export const allSubgraphs = [enrollment, checkin, docket, legal] as const;

export type SubgraphName = (typeof allSubgraphs)[number]['name'];

/** Runs every subgraph's migrations and loads its reference data, in order. */
export async function migrateAll(driver: Driver): Promise<void> {
  for (const subgraph of allSubgraphs) await subgraph.migrate(subgraphDb(driver));
}
