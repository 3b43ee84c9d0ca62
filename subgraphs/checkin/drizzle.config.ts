// drizzle-kit config for the checkin subgraph: only its own Postgres schema, its own migrations table.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/checkin/db/schema.ts',
  out: './subgraphs/checkin/db/migrations',
  schemaFilter: ['checkin'],
  migrations: { schema: 'drizzle', table: 'checkin_migrations' },
});
