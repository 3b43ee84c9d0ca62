// Migrates the checkin schema (the enrollment view it reads is migrated by the enrollment subgraph).
import { fileURLToPath } from 'node:url';
import type { DB } from '../../shared/db.js';
import { applyMigrations } from '../../shared/migrate.js';

export async function migrate(db: DB): Promise<void> {
  await applyMigrations(db, 'checkin', fileURLToPath(new URL('./migrations', import.meta.url)));
}
