// Works the delivery queue (queue.ts): every replica runs pg-boss workers, which claim due attempt
// jobs with SKIP LOCKED, so each attempt is made by one replica, and a job whose process died
// mid-attempt comes back after its expiry (at-least-once, the same webhook-id every time). Sending
// happens outside any transaction: none is held open across a network call, and no mutation ever
// waits for a receiver. A failed attempt is recorded, and its next attempt queued, in one transaction.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type PgBoss from 'pg-boss';
import type { DB } from '../../../kit/database/db.js';
import { logEvent } from '../../../kit/observability/log.js';
import { deliveries, partnerClients, webhookEndpoints, type DeliveryRow, type WebhookEndpointRow } from '../db/schema.js';
import { attempt, type AttemptResult } from './send.js';
import { signedHeaders } from './signing.js';
import { openSecret } from './secret-box.js';
import { secretKey, WEBHOOK_SECRET_KEY } from '../../shared/secret-keys.js';
import { nextDelayMs, retrySettings, type RetrySettings } from './retry-schedule.js';
import { TEST_TYPE } from './event-types.js';
import { DELIVERY_QUEUE, jobQueue, queueAttempts, type AttemptJob } from './queue.js';

export interface WorkerOptions {
  /** How often an idle worker asks for due jobs (WEBHOOK_POLL_MS, default 500: pg-boss's least). */
  pollMs?: number;
  /** Jobs fetched at once by each worker (each sent concurrently). */
  batch?: number;
  /** pg-boss workers per replica (WEBHOOK_WORKERS, default 2), so one slow receiver does not hold up every other. */
  workers?: number;
  retry?: RetrySettings;
}

export interface DeliveryWorker {
  stop(): Promise<void>;
}

/** Types that go to the organisation even though the person is (now) not its client. */
const NOT_CLIENT_BOUND = new Set<string>(['representation.withdrawn', TEST_TYPE]);

type Claimed = { delivery: DeliveryRow; endpoint: WebhookEndpointRow };

/**
 * Counts the attempt and reads what it needs; nothing when the delivery is gone (its endpoint
 * deleted), finished (a job handed out twice), or its endpoint disabled (re-enabling queues it again).
 */
async function claim(db: DB, deliveryId: string, now: Date): Promise<Claimed | null> {
  const [row] = await db
    .update(deliveries)
    .set({ attempts: sql`${deliveries.attempts} + 1`, lastAttemptAt: now })
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.status, 'PENDING'), inArray(deliveries.endpointId, db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.status, 'ACTIVE')))))
    .returning();
  if (!row) return null;
  const [endpoint] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, row.endpointId));
  return endpoint ? { delivery: row, endpoint } : null;
}

/** Still a client of the endpoint's organisation at the moment of sending (a withdrawal stops pending alerts too). */
async function stillAllowed(db: DB, { delivery, endpoint }: Claimed): Promise<boolean> {
  if (!endpoint.organizationId || !delivery.aNumber || NOT_CLIENT_BOUND.has(delivery.eventType)) return true;
  const rows = await db
    .select({ id: partnerClients.representationId })
    .from(partnerClients)
    .where(and(eq(partnerClients.organizationId, endpoint.organizationId), eq(partnerClients.aNumber, delivery.aNumber)))
    .limit(1);
  return rows.length > 0;
}

function secretsOf(endpoint: WebhookEndpointRow, now: Date): string[] {
  const previous = endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now ? [endpoint.previousSecret] : [];
  return [endpoint.secret, ...previous].map((sealed) => openSecret(sealed));
}

async function record(db: DB, claimed: Claimed, result: AttemptResult, settings: RetrySettings): Promise<void> {
  const { delivery, endpoint } = claimed;
  const now = new Date();
  const attempts = delivery.attempts;
  if (result.ok) {
    await db.transaction(async (tx) => {
      await tx.update(deliveries).set({ status: 'DELIVERED', deliveredAt: now, lastResponseStatus: result.status, lastError: null }).where(eq(deliveries.id, delivery.id));
      await tx.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpoint.id));
    });
    return;
  }
  const delay = nextDelayMs(attempts, settings);
  const nextAttemptAt = new Date(now.getTime() + (delay ?? 0));
  await db.transaction(async (tx) => {
    await tx
      .update(deliveries)
      .set({ status: delay === null ? 'FAILED' : 'PENDING', nextAttemptAt, lastResponseStatus: result.status, lastError: result.error })
      .where(eq(deliveries.id, delivery.id));
    const [state] = await tx
      .update(webhookEndpoints)
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${(delivery.lastAttemptAt ?? now).toISOString()}::timestamptz)` })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning({ failingSince: webhookEndpoints.failingSince, status: webhookEndpoints.status });
    if (state?.status === 'ACTIVE' && state.failingSince && now.getTime() - state.failingSince.getTime() >= settings.disableAfterMs) {
      const hours = Math.round((now.getTime() - state.failingSince.getTime()) / 360_000) / 10;
      const disabledReason = `Every delivery failed for ${hours} hours since ${state.failingSince.toISOString()}; the last: ${result.error}. Fix the receiver, then set enabled: true with updateWebhookEndpoint.`;
      await tx.update(webhookEndpoints).set({ status: 'DISABLED', disabledAt: now, disabledReason }).where(eq(webhookEndpoints.id, endpoint.id));
      logEvent('warn', 'webhook endpoint disabled', { endpointId: endpoint.id, failingSince: state.failingSince.toISOString() });
      return; // its pending deliveries wait, unqueued, until it is enabled again
    }
    if (delay !== null) await queueAttempts(tx, [delivery.id], nextAttemptAt);
  });
}

/** One attempt job: claim, check, send, record. Throws only when the database could not record it (pg-boss retries the job). */
async function work(db: DB, { deliveryId }: AttemptJob, settings: RetrySettings): Promise<void> {
  const claimed = await claim(db, deliveryId, new Date());
  if (!claimed) return;
  const { delivery, endpoint } = claimed;
  if (!(await stillAllowed(db, claimed))) {
    await db.update(deliveries).set({ status: 'CANCELLED', lastError: 'Not sent: the person is no longer a client of this organisation' }).where(eq(deliveries.id, delivery.id));
    return;
  }
  const result = await attempt(endpoint.url, signedHeaders(delivery.id, delivery.body, secretsOf(endpoint, new Date())), delivery.body);
  await record(db, claimed, result, settings);
}

async function workBatch(boss: PgBoss, db: DB, jobs: PgBoss.Job<AttemptJob>[], settings: RetrySettings): Promise<void> {
  await Promise.all(
    jobs.map(async (job) => {
      try {
        await work(db, job.data, settings);
      } catch (error) {
        // Only the error's class goes to the log and to pg-boss: a driver's message can quote values.
        const errorClass = (error as Error)?.name ?? 'Error';
        logEvent('warn', 'webhook delivery not recorded; pg-boss retries it', { deliveryId: job.data.deliveryId, errorClass });
        await boss.fail(DELIVERY_QUEUE, job.id, { errorClass }).catch(() => {});
      }
    }),
  );
}

/** Starts this replica's delivery workers on `db`; until the database answers, it keeps trying. */
export function startDeliveryWorker(db: DB, options: WorkerOptions = {}): DeliveryWorker {
  secretKey(WEBHOOK_SECRET_KEY); // a missing or malformed key stops the subgraph here, not at its first delivery
  const settings = options.retry ?? retrySettings();
  const pollMs = Math.max(500, options.pollMs ?? Number(process.env.WEBHOOK_POLL_MS ?? 500));
  const batch = options.batch ?? 16;
  const workers = options.workers ?? Number(process.env.WEBHOOK_WORKERS ?? 2);
  const boss = jobQueue(db, { migrate: false, supervise: true, maintenanceIntervalSeconds: 30 });
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let wake = () => {};
  const start = async (): Promise<void> => {
    try {
      await boss.start();
      for (let i = 0; i < workers && !stopped; i++) {
        let id: string | undefined;
        id = await boss.work<AttemptJob>(DELIVERY_QUEUE, { batchSize: batch, pollingIntervalSeconds: pollMs / 1000 }, async (jobs) => {
          await workBatch(boss, db, jobs, settings);
          // pg-boss waits out its polling interval after every fetch, full or not: a full batch
          // means more are waiting, so the worker goes again at once (measured: 64 deliveries/s at
          // most with two workers of 16, against 150/s owed at 50 changes/s).
          if (jobs.length >= batch && id) boss.notifyWorker(id);
        });
      }
    } catch (error) {
      if (stopped) return;
      logEvent('warn', 'webhook delivery paused', { errorClass: (error as Error)?.name });
      await boss.stop({ graceful: false, close: false }).catch(() => {});
      await new Promise<void>((resolve) => {
        wake = resolve;
        retry = setTimeout(resolve, 2_000).unref();
      });
      if (!stopped) return start();
    }
  };
  const starting = start();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      wake();
      await starting;
      // Waits for attempts under way; any still running after 10 s go back to the queue.
      await boss.stop({ graceful: true, close: false, wait: true, timeout: 10_000 }).catch(() => {});
    },
  };
}
