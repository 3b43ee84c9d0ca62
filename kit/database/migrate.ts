// Applies one subgraph's committed drizzle-kit migrations. Each subgraph keeps its own ledger
// (drizzle.<name>_migrations) so subgraphs migrate independently, as they deploy independently.
import { readMigrationFiles } from 'drizzle-orm/migrator';
import type { DB } from './db.js';

export async function applyMigrations(db: DB, subgraph: string, migrationsFolder: string): Promise<void> {
  const config = { migrationsFolder, migrationsSchema: 'drizzle', migrationsTable: `${subgraph}_migrations` };
  const migrations = readMigrationFiles(config);
  // The same call drizzle's pg and PGlite migrators make; going through it directly keeps one code path.
  const internals = db as unknown as { dialect: { migrate: Function }; session: unknown };
  await internals.dialect.migrate(migrations, internals.session, config);
}
