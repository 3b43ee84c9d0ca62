// Migrates the worklist schema. It has no reference data: every row is derived from events (or the seed).
import { fileURLToPath } from 'node:url';
import type { DB } from '../../../kit/database/db.js';
import { applyMigrations } from '../../../kit/database/migrate.js';

export async function migrate(db: DB): Promise<void> {
  await applyMigrations(db, 'worklist', fileURLToPath(new URL('./migrations', import.meta.url)));
}
