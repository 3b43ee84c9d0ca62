// Migrates the gateway schema (API keys).
import { fileURLToPath } from 'node:url';
import type { DB } from '../../../kit/database/db.js';
import { applyMigrations } from '../../../kit/database/migrate.js';

export async function migrateGateway(db: DB): Promise<void> {
  await applyMigrations(db, 'gateway', fileURLToPath(new URL('./migrations', import.meta.url)));
}
