// drizzle-kit config for the enrollment subgraph: only its own Postgres schema, its own migrations table.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './subgraphs/enrollment/db/schema.ts',
  out: './subgraphs/enrollment/db/migrations',
  schemaFilter: ['enrollment'],
  migrations: { schema: 'drizzle', table: 'enrollment_migrations' },
});
