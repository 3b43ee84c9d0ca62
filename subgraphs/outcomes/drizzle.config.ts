// drizzle-kit config for the outcomes subgraph: only its own Postgres schema, its own migrations table.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/outcomes/db/schema.ts',
  out: './subgraphs/outcomes/db/migrations',
  schemaFilter: ['outcomes'],
  migrations: { schema: 'drizzle', table: 'outcomes_migrations' },
});
