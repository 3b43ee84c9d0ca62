// Migrates the alerts schema. Its reference data (court time zones) is read from the docket's
// public court list at build time, not from the docket's tables. The delivery queue's tables
// (pg-boss, schema alerts_jobs) are created and migrated by pg-boss itself, after ours.
import { fileURLToPath } from 'node:url';
import type { DB } from '../../../kit/database/db.js';
import { applyMigrations } from '../../../kit/database/migrate.js';
import { migrateJobQueue } from '../delivery/queue.js';

export async function migrate(db: DB): Promise<void> {
  await applyMigrations(db, 'alerts', fileURLToPath(new URL('./migrations', import.meta.url)));
  await migrateJobQueue(db);
}
