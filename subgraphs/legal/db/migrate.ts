// Migrates the legal schema. It has no reference data: organizations and representatives are seeded.
import { fileURLToPath } from 'node:url';
import type { DB } from '../../../kit/database/db.js';
import { applyMigrations } from '../../../kit/database/migrate.js';

export async function migrate(db: DB): Promise<void> {
  await applyMigrations(db, 'legal', fileURLToPath(new URL('./migrations', import.meta.url)));
}
