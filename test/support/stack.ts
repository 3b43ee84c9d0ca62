// A real system for end-to-end tests: its own database, seeded, four subgraphs and the gateway on
// free ports, and a client that speaks HTTP to the gateway like any other client.
import { seed } from '../../scripts/lib/seed/index.js';
import { startSystem, type RunningSystem } from '../../scripts/lib/system.js';
import { queryRows } from '../../subgraphs/shared/db.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface GraphQLResponse<D = any> {
  status: number;
  body: { data?: D; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } & Record<string, unknown> }[] };
}

export interface TestStack extends RunningSystem {
  database: TestDatabase;
  gql<D = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<D>>;
  /** Runs SQL on the test database (to pick fixtures; never to check what the API should say). */
  sql<R>(query: string): Promise<R[]>;
  close(): Promise<void>;
}

export async function startTestStack(options: { enrollees?: number; seed?: number } = {}): Promise<TestStack> {
  const database = await createTestDatabase();
  await seed(database.driver, { enrollees: options.enrollees ?? 60, seed: options.seed ?? 7 });
  const system = await startSystem({ driver: database.driver, migrate: false, sandbox: true });
  return {
    ...system,
    database,
    async gql(query, variables) {
      const response = await fetch(system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
    },
    sql: (query) => queryRows(database.driver, query),
    async close() {
      await system.stop();
      await database.drop();
    },
  };
}
