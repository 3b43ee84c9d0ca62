// drizzle-kit config for the worklist read model: only its own Postgres schema, its own migrations table.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/worklist/db/schema.ts',
  out: './subgraphs/worklist/db/migrations',
  schemaFilter: ['worklist'],
  migrations: { schema: 'drizzle', table: 'worklist_migrations' },
});
