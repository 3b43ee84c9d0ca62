// drizzle-kit config for the gateway's own schema (API keys).
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './gateway/auth/db/schema.ts',
  out: './gateway/auth/db/migrations',
  schemaFilter: ['gateway'],
  migrations: { schema: 'drizzle', table: 'gateway_migrations' },
});
