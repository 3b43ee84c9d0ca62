// The subgraphs in migration order (each on its dev port: 4001, 4002, … in this order). Used by the dev runner, the seed script and tests.
import { checkin } from '../checkin/server.js';
import { docket } from '../docket/server.js';
import { enrollment } from '../enrollment/server.js';
import { legal } from '../legal/server.js';
import { worklist } from '../worklist/server.js';
import { outcomes } from '../outcomes/server.js';
import { alerts } from '../alerts/server.js';
import { subgraphDb, type Driver } from '../../kit/database/db.js';
import { asDatabases, type DatabaseTarget } from '../../kit/database/databases.js';
import { eventDomain } from './events/domains.js';
import type { EventDomain } from './events/transport.js';

// Each migrates only its own schema (copies of other domains included), so the order is free; this one is kept.
export const allSubgraphs = [enrollment, checkin, docket, legal, worklist, outcomes, alerts] as const;

export type SubgraphName = (typeof allSubgraphs)[number]['name'];

/** Every part with a database of its own: each subgraph and the gateway (databases.ts names their URLs after these). */
export const systemParts: readonly (SubgraphName | 'gateway')[] = [...allSubgraphs.map((s) => s.name), 'gateway'];

/** Runs every subgraph's migrations and loads its reference data, in order, each in its own database. */
export async function migrateAll(target: DatabaseTarget): Promise<void> {
  const databases = asDatabases(target, systemParts);
  for (const subgraph of allSubgraphs) await subgraph.migrate(subgraphDb(databases.of(subgraph.name)));
}

/** Every subgraph's event domain, each on a handle of its own database (events:check, events:rebuild, tests). */
export function eventDomainsOn(target: DatabaseTarget): EventDomain[] {
  const databases = asDatabases(target, systemParts);
  return allSubgraphs.map((s) => eventDomain(s.events, subgraphDb(databases.of(s.name))));
}
