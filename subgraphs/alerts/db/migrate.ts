// Migrates the alerts schema. Its reference data (court time zones) is read from the docket's
// public court list at build time, not from the docket's tables. The delivery queue's tables
// (pg-boss, schema alerts_jobs) are created and migrated by pg-boss itself, after ours.
import { fileURLToPath } from 'node:url';
import { eq, not, or, like } from 'drizzle-orm';
import type { DB } from '../../../kit/database/db.js';
import { applyMigrations } from '../../../kit/database/migrate.js';
import { migrateJobQueue } from '../delivery/queue.js';
import { isSealed, sealSecret } from '../delivery/secret-box.js';
import { webhookEndpoints } from './schema.js';

export async function migrate(db: DB): Promise<void> {
  await applyMigrations(db, 'alerts', fileURLToPath(new URL('./migrations', import.meta.url)));
  await sealPlainSecrets(db);
  await migrateJobQueue(db);
}

/** Endpoints saved before secrets were sealed at rest get theirs sealed, once, in one transaction. */
async function sealPlainSecrets(db: DB): Promise<void> {
  await db.transaction(async (tx) => {
    const plain = await tx
      .select({ id: webhookEndpoints.id, secret: webhookEndpoints.secret, previousSecret: webhookEndpoints.previousSecret })
      .from(webhookEndpoints)
      .where(or(not(like(webhookEndpoints.secret, 'sealed:%')), not(like(webhookEndpoints.previousSecret, 'sealed:%'))))
      .for('update');
    for (const row of plain) {
      const seal = (value: string | null) => (value === null || isSealed(value) ? value : sealSecret(value));
      await tx.update(webhookEndpoints).set({ secret: seal(row.secret)!, previousSecret: seal(row.previousSecret) }).where(eq(webhookEndpoints.id, row.id));
    }
  });
}
