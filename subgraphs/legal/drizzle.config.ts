// drizzle-kit config for the legal subgraph: only its own Postgres schema, its own migrations table.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/legal/db/schema.ts',
  out: './subgraphs/legal/db/migrations',
  schemaFilter: ['legal'],
  migrations: { schema: 'drizzle', table: 'legal_migrations' },
});
