// The job queue webhook attempts wait in: pg-boss, in this domain's own `alerts_jobs` schema. One
// job is one attempt at one delivery (an `alerts.deliveries` row, which stays the record partners
// see); a job is queued in the transaction that makes the attempt owed (the fan-out consumer's, the
// test mutation's, the failed attempt's, re-enabling an endpoint), so none is lost or invented.
//
// pg-boss gives what a home-made loop would have to get right: jobs claimed with SKIP LOCKED by any
// number of replicas, a job not finished in `expireInSeconds` (its process died mid-attempt) handed
// out again, and a job whose handler threw (our database went away while recording) retried with
// its own backoff. The retry schedule for receivers that fail stays the Standard Webhooks one
// (retry-schedule.ts): the next attempt is a new job starting after that delay.
import { and, eq } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { DB } from '../../../kit/database/db.js';
import { jobQueueDb } from '../../../kit/database/job-queue-db.js';
import { logEvent } from '../../../kit/observability/log.js';
import { deliveries } from '../db/schema.js';

export const JOBS_SCHEMA = 'alerts_jobs';
export const DELIVERY_QUEUE = 'webhook-delivery';

export interface AttemptJob {
  deliveryId: string;
}

/** Far longer than an attempt can take (5 s): a job comes back only when its process is gone. */
const EXPIRE_IN_SECONDS = 60;

/** A pg-boss instance over `db` that sends and manages jobs; `start()` it only to work them. */
export function jobQueue(db: DB | undefined, options: Partial<PgBoss.ConstructorOptions> = {}): PgBoss {
  const boss = new PgBoss({ db: db ? (jobQueueDb(db) as PgBoss.Db) : noDatabase, schema: JOBS_SCHEMA, schedule: false, ...options });
  // pg-boss reports what it cannot do (a maintenance pass while the database is down) as events;
  // unhandled, an 'error' event would end the process. Its class only: a driver's message can quote values.
  boss.on('error', (error) => logEvent('warn', 'webhook queue work failed; pg-boss tries again', { errorClass: (error as Error)?.name ?? 'Error' }));
  return boss;
}

// Queueing only needs pg-boss's SQL, run on the caller's transaction (`db` per call): one
// instance that never connects anywhere by itself.
let sender: PgBoss | undefined;
const noDatabase: PgBoss.Db = {
  executeSql: () => Promise.reject(new Error('the delivery queue sender runs only on the transaction it is given')),
};

/** Queues an attempt at each delivery, inside `tx` (the transaction that made them owed). */
export async function queueAttempts(tx: DB, deliveryIds: readonly string[], startAfter?: Date): Promise<void> {
  if (!deliveryIds.length) return;
  sender ??= jobQueue(undefined, { supervise: false });
  await sender.insert(
    deliveryIds.map((deliveryId) => ({ name: DELIVERY_QUEUE, data: { deliveryId } satisfies AttemptJob, startAfter })),
    { db: jobQueueDb(tx) as PgBoss.Db },
  );
}

/**
 * Queues an attempt now at every pending delivery (of `endpointId` only, when given), inside `tx`.
 * Only for deliveries that have no job: an endpoint enabled again, a database from before the queue.
 */
export async function queuePendingAttempts(tx: DB, endpointId?: string): Promise<void> {
  const pending = await tx
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.status, 'PENDING'), endpointId ? eq(deliveries.endpointId, endpointId) : undefined));
  await queueAttempts(tx, pending.map((p) => p.id));
}

/** Creates (or migrates) pg-boss's tables and the delivery queue; part of this domain's migration. */
export async function migrateJobQueue(db: DB): Promise<void> {
  const boss = jobQueue(db, { supervise: false, migrate: true });
  await boss.start();
  const existed = (await boss.getQueue(DELIVERY_QUEUE)) !== null;
  await boss.createQueue(DELIVERY_QUEUE, { name: DELIVERY_QUEUE, retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: EXPIRE_IN_SECONDS });
  // A database from before the queue: its pending deliveries get their first job, once.
  if (!existed) await db.transaction((tx) => queuePendingAttempts(tx));
  await boss.stop({ graceful: false, close: false });
}
