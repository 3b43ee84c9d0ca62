// drizzle-kit config for the docket subgraph: only its own Postgres schema, its own migrations table.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/docket/db/schema.ts',
  out: './subgraphs/docket/db/migrations',
  schemaFilter: ['docket'],
  migrations: { schema: 'drizzle', table: 'docket_migrations' },
});
