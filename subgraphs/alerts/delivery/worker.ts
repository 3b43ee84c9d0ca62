// Works the delivery queue (queue.ts): every replica runs pg-boss workers, which claim due attempt
// jobs with SKIP LOCKED, so each attempt is made by one replica, and a job whose process died
// mid-attempt comes back after its expiry (at-least-once, the same webhook-id every time). Sending
// happens outside any transaction: none is held open across a network call, and no mutation ever
// waits for a receiver. A failed attempt is recorded, and its next attempt queued, in one transaction.
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
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
type Sent = Claimed & { result: AttemptResult; jobId: string };

/**
 * Counts an attempt at each delivery and reads what sending needs, in two statements for the batch.
 * Leaves out a delivery that is gone (its endpoint deleted), finished (a job handed out twice), or
 * whose endpoint is disabled (re-enabling queues it again).
 */
async function claim(db: DB, deliveryIds: string[], now: Date): Promise<Claimed[]> {
  const rows = await db
    .update(deliveries)
    .set({ attempts: sql`${deliveries.attempts} + 1`, lastAttemptAt: now })
    .where(and(inArray(deliveries.id, deliveryIds), eq(deliveries.status, 'PENDING'), inArray(deliveries.endpointId, db.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.status, 'ACTIVE')))))
    .returning();
  if (!rows.length) return [];
  const endpoints = await db.select().from(webhookEndpoints).where(inArray(webhookEndpoints.id, [...new Set(rows.map((r) => r.endpointId))]));
  const byId = new Map(endpoints.map((e) => [e.id, e]));
  return rows.flatMap((delivery) => {
    const endpoint = byId.get(delivery.endpointId);
    return endpoint ? [{ delivery, endpoint }] : [];
  });
}

/** Client-bound alerts about someone no longer a client of the endpoint's organisation at the moment of sending (a withdrawal stops pending alerts too). */
async function noLongerAllowed(db: DB, claimed: Claimed[]): Promise<Set<string>> {
  const bound = claimed.filter(({ delivery, endpoint }) => endpoint.organizationId && delivery.aNumber && !NOT_CLIENT_BOUND.has(delivery.eventType));
  if (!bound.length) return new Set();
  const rows = await db
    .selectDistinct({ organizationId: partnerClients.organizationId, aNumber: partnerClients.aNumber })
    .from(partnerClients)
    .where(and(inArray(partnerClients.organizationId, [...new Set(bound.map((c) => c.endpoint.organizationId!))]), inArray(partnerClients.aNumber, [...new Set(bound.map((c) => c.delivery.aNumber!))])));
  const clients = new Set(rows.map((r) => `${r.organizationId} ${r.aNumber}`));
  return new Set(bound.filter(({ delivery, endpoint }) => !clients.has(`${endpoint.organizationId} ${delivery.aNumber}`)).map((c) => c.delivery.id));
}

function secretsOf(endpoint: WebhookEndpointRow, now: Date): string[] {
  const previous = endpoint.previousSecret && endpoint.previousSecretUntil && endpoint.previousSecretUntil > now ? [endpoint.previousSecret] : [];
  return [endpoint.secret, ...previous].map((sealed) => openSecret(sealed));
}

/** The attempts that reached their receivers, in one transaction: their endpoints are no longer failing. */
async function recordDelivered(db: DB, delivered: Sent[], now: Date): Promise<void> {
  const byStatus = new Map<number, Sent[]>();
  for (const s of delivered) byStatus.set(s.result.status!, [...(byStatus.get(s.result.status!) ?? []), s]);
  await db.transaction(async (tx) => {
    for (const [status, sent] of byStatus) {
      await tx.update(deliveries).set({ status: 'DELIVERED', deliveredAt: now, lastResponseStatus: status, lastError: null }).where(inArray(deliveries.id, sent.map((s) => s.delivery.id)));
    }
    await tx
      .update(webhookEndpoints)
      .set({ failingSince: null })
      .where(and(inArray(webhookEndpoints.id, [...new Set(delivered.map((s) => s.endpoint.id))]), isNotNull(webhookEndpoints.failingSince)));
  });
}

/** One failed attempt: its next attempt queued, or the delivery given up, or the endpoint disabled after 24 hours of failures. */
async function recordFailed(db: DB, { delivery, endpoint, result }: Sent, settings: RetrySettings): Promise<void> {
  const error = result.ok ? null : result.error;
  const now = new Date();
  const delay = nextDelayMs(delivery.attempts, settings);
  const nextAttemptAt = new Date(now.getTime() + (delay ?? 0));
  await db.transaction(async (tx) => {
    await tx
      .update(deliveries)
      .set({ status: delay === null ? 'FAILED' : 'PENDING', nextAttemptAt, lastResponseStatus: result.status, lastError: error })
      .where(eq(deliveries.id, delivery.id));
    const [state] = await tx
      .update(webhookEndpoints)
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${(delivery.lastAttemptAt ?? now).toISOString()}::timestamptz)` })
      .where(eq(webhookEndpoints.id, endpoint.id))
      .returning({ failingSince: webhookEndpoints.failingSince, status: webhookEndpoints.status });
    if (state?.status === 'ACTIVE' && state.failingSince && now.getTime() - state.failingSince.getTime() >= settings.disableAfterMs) {
      const hours = Math.round((now.getTime() - state.failingSince.getTime()) / 360_000) / 10;
      const disabledReason = `Every delivery failed for ${hours} hours since ${state.failingSince.toISOString()}; the last: ${error}. Fix the receiver, then set enabled: true with updateWebhookEndpoint.`;
      await tx.update(webhookEndpoints).set({ status: 'DISABLED', disabledAt: now, disabledReason }).where(eq(webhookEndpoints.id, endpoint.id));
      logEvent('warn', 'webhook endpoint disabled', { endpointId: endpoint.id, failingSince: state.failingSince.toISOString() });
      return; // its pending deliveries wait, unqueued, until it is enabled again
    }
    if (delay !== null) await queueAttempts(tx, [delivery.id], nextAttemptAt);
  });
}

/** Fails jobs back to pg-boss (which retries them) when the database could not record their attempts. */
async function failJobs(boss: PgBoss, jobIds: string[], error: unknown): Promise<void> {
  // Only the error's class goes to the log and to pg-boss: a driver's message can quote values.
  const errorClass = (error as Error)?.name ?? 'Error';
  logEvent('warn', 'webhook delivery not recorded; pg-boss retries it', { jobs: jobIds.length, errorClass });
  await Promise.all(jobIds.map((id) => boss.fail(DELIVERY_QUEUE, id, { errorClass }).catch(() => {})));
}

/**
 * A batch of attempt jobs: claim, check and record in a handful of statements for the whole batch
 * (per attempt, they were most of a worker's database work), send each concurrently.
 */
async function workBatch(boss: PgBoss, db: DB, jobs: PgBoss.Job<AttemptJob>[], settings: RetrySettings): Promise<void> {
  const jobOf = new Map(jobs.map((job) => [job.data.deliveryId, job.id]));
  let toSend: Claimed[];
  try {
    const claimed = await claim(db, [...jobOf.keys()], new Date());
    const refused = await noLongerAllowed(db, claimed);
    if (refused.size) {
      await db.update(deliveries).set({ status: 'CANCELLED', lastError: 'Not sent: the person is no longer a client of this organisation' }).where(inArray(deliveries.id, [...refused]));
    }
    toSend = claimed.filter((c) => !refused.has(c.delivery.id));
  } catch (error) {
    return failJobs(boss, jobs.map((job) => job.id), error);
  }
  const sent: Sent[] = await Promise.all(
    toSend.map(async (c) => {
      const result = await attempt(c.endpoint.url, signedHeaders(c.delivery.id, c.delivery.body, secretsOf(c.endpoint, new Date())), c.delivery.body);
      return { ...c, result, jobId: jobOf.get(c.delivery.id)! };
    }),
  );
  // Successes first: an endpoint that answered in this batch is not failing, whatever else failed in it.
  const delivered = sent.filter((s) => s.result.ok);
  if (delivered.length) await recordDelivered(db, delivered, new Date()).catch((error) => failJobs(boss, delivered.map((s) => s.jobId), error));
  for (const failed of sent.filter((s) => !s.result.ok)) {
    await recordFailed(db, failed, settings).catch((error) => failJobs(boss, [failed.jobId], error));
  }
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
