// Migrates the checkin schema, including the copies it keeps of other domains' facts (db/schema.ts).
import { fileURLToPath } from 'node:url';
import type { DB } from '../../../kit/database/db.js';
import { applyMigrations } from '../../../kit/database/migrate.js';

export async function migrate(db: DB): Promise<void> {
  await applyMigrations(db, 'checkin', fileURLToPath(new URL('./migrations', import.meta.url)));
}
