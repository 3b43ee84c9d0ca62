// Migrates the outcomes schema. It has no reference data: everything in it is derived from events.
import { fileURLToPath } from 'node:url';
import type { DB } from '../../../kit/database/db.js';
import { applyMigrations } from '../../../kit/database/migrate.js';

export async function migrate(db: DB): Promise<void> {
  await applyMigrations(db, 'outcomes', fileURLToPath(new URL('./migrations', import.meta.url)));
}
