// drizzle-kit config for the alerts subgraph: only its own Postgres schema, its own migrations table.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/alerts/db/schema.ts',
  out: './subgraphs/alerts/db/migrations',
  schemaFilter: ['alerts'],
  migrations: { schema: 'drizzle', table: 'alerts_migrations' },
});
