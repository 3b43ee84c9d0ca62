// Migrates the enrollment schema and loads its reference data (the 25 ERO field offices).
import { fileURLToPath } from 'node:url';
import type { DB } from '../../../kit/database/db.js';
import { applyMigrations } from '../../../kit/database/migrate.js';
import offices from './field-offices.json' with { type: 'json' };
import { fieldOffices } from './schema.js';

export async function migrate(db: DB): Promise<void> {
  await applyMigrations(db, 'enrollment', fileURLToPath(new URL('./migrations', import.meta.url)));
  await db.insert(fieldOffices).values(offices).onConflictDoNothing();
}
