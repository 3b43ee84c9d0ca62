// A real system for end-to-end tests: its own database, seeded, four subgraphs and the gateway on
// free ports, API keys for each kind of caller, and a client that speaks HTTP to the gateway like
// any other client.
import { createKey, type NewKey } from '../../gateway/auth/api-keys.js';
import { DEFAULT_SCOPES } from '../../gateway/auth/scopes.js';
import { seed } from '../../scripts/lib/seed/index.js';
import { startSystem, type RunningSystem, type SystemOptions } from '../../scripts/lib/system.js';
import { queryRows, subgraphDb } from '../../subgraphs/shared/db.js';
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
  /** Runs SQL on the test database (to pick fixtures; never to check what the API should say). */
  sql<R>(query: string): Promise<R[]>;
  close(): Promise<void>;
}

export async function startTestStack(options: { enrollees?: number; seed?: number; system?: Partial<SystemOptions> } = {}): Promise<TestStack> {
  const database = await createTestDatabase();
  await seed(database.driver, { enrollees: options.enrollees ?? 60, seed: options.seed ?? 7 });
  const keysDb = subgraphDb(database.driver);
  const issue = async (input: NewKey) => (await createKey(keysDb, input)).key;
  const keys = {
    admin: await issue({ name: 'test admin', kind: 'staff', scopes: [...DEFAULT_SCOPES.staff, 'audit:read'] }),
    staff: await issue({ name: 'test staff', kind: 'staff' }),
    developer: await issue({ name: 'test developer', kind: 'developer' }),
  };
  const system = await startSystem({ driver: database.driver, migrate: false, sandbox: true, ...options.system });
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
    sql: (query) => queryRows(database.driver, query),
    async close() {
      await system.stop();
      await database.drop();
    },
  };
}
