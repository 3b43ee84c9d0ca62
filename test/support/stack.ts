// A real system for end-to-end tests: its own database, seeded, four subgraphs and the gateway on
// free ports, API keys for each kind of caller, and a client that speaks HTTP to the gateway like
// any other client.
import { randomBytes } from 'node:crypto';
import { createKey, type NewKey } from '../../gateway/auth/api-keys.js';
import { DEFAULT_SCOPES } from '../../gateway/auth/scopes.js';
import { seed } from '../../scripts/lib/seed/index.js';
import { startSystem, type RunningSystem, type SystemOptions } from '../../scripts/lib/system.js';
import { systemParts } from '../../subgraphs/shared/all-subgraphs.js';
import { queryRows, subgraphDb, type Driver } from '../../kit/database/db.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GraphQLResponse<D = any> {
  status: number;
  body: { data?: D; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } & Record<string, unknown> }[] };
}

export interface TestStack extends RunningSystem {
  database: TestDatabase;
  /** Keys the stack issued: `admin` is a staff key that also holds audit:read. */
  keys: { admin: string; staff: string; developer: string };
  /**
   * POSTs an operation to the gateway with `key` (default: the admin key; null sends none).
   */
  gql<D = any>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<GraphQLResponse<D>>;
  /** Issues another key (partners need an organisation). */
  createKey(input: NewKey): Promise<string>;
  /**
   * Runs SQL on the database of the one part (schema) the statement names (to pick fixtures; never
   * to check what the API should say). With a database per part, a statement naming two parts'
   * schemas is refused: fixtures read each domain where it lives.
   */
  sql<R>(query: string): Promise<R[]>;
  close(): Promise<void>;
}

export async function startTestStack(options: { enrollees?: number; seed?: number; system?: Partial<SystemOptions> } = {}): Promise<TestStack> {
  const database = await createTestDatabase();
  await seed(database.databases, { enrollees: options.enrollees ?? 60, seed: options.seed ?? 7 });
  const keysDb = subgraphDb(database.databases.of('gateway'));
  const issue = async (input: NewKey) => (await createKey(keysDb, input)).key;
  const keys = {
    admin: await issue({ name: 'test admin', kind: 'staff', scopes: [...DEFAULT_SCOPES.staff, 'audit:read'] }),
    staff: await issue({ name: 'test staff', kind: 'staff' }),
    developer: await issue({ name: 'test developer', kind: 'developer' }),
  };
  // Scheduled jobs off: seeded locations must not be coarsened under a test's feet; the retention test runs the job by hand.
  // Through NATS when NATS_URL is set: streams and durables of this stack's own, so files sharing the broker never meet.
  const events = { prefix: `t${randomBytes(4).toString('hex')}_` };
  const system = await startSystem({ databases: database.databases, migrate: false, sandbox: true, scheduledJobs: false, events, ...options.system });
  return {
    ...system,
    database,
    keys,
    async gql(query, variables, key = keys.admin) {
      const response = await fetch(system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
    },
    createKey: issue,
    sql: (query) => queryRows(driverFor(database, query), query),
    async close() {
      await system.stop();
      await database.drop();
    },
  };
}

/** The parts whose schemas a statement names (`legal.x`, `"legal"."x"`). */
export function partsNamedIn(text: string): string[] {
  const named = new Set<string>();
  for (const match of text.matchAll(/(?<![\w."])"?([a-z_]+)"?\s*\.\s*"?[a-z_]/g)) {
    if ((systemParts as readonly string[]).includes(match[1]!)) named.add(match[1]!);
  }
  return [...named];
}

function driverFor(database: TestDatabase, query: string): Driver {
  if (database.databases.shared) return database.databases.groups()[0]!.driver;
  const parts = partsNamedIn(query);
  if (parts.length !== 1) throw new Error(`stack.sql: a statement must name exactly one part's schema with a database per part (named: ${parts.join(', ') || 'none'})`);
  return database.databases.of(parts[0]!);
}
