// Migrates the docket schema and loads its reference data (EOIR immigration courts).
import { fileURLToPath } from 'node:url';
import type { DB } from '../../../kit/database/db.js';
import { applyMigrations } from '../../../kit/database/migrate.js';
import rows from './immigration-courts.json' with { type: 'json' };
import { courts } from './schema.js';

export async function migrate(db: DB): Promise<void> {
  await applyMigrations(db, 'docket', fileURLToPath(new URL('./migrations', import.meta.url)));
  await db.insert(courts).values(rows).onConflictDoNothing();
}
