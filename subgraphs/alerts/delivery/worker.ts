// Drains alerts.deliveries, the durable queue the fan-out consumer fills: every replica polls, and
// each claims a batch of due rows with FOR UPDATE SKIP LOCKED, taking a lease (the row is due again
// only if this process dies mid-attempt), so no two replicas send the same attempt and a crash loses
// nothing (at-least-once, the same webhook-id every time). Sending happens after the claim commits:
// no transaction is held open across a network call, and no mutation ever waits for a receiver.
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { DB } from '../../../kit/database/db.js';
import { logEvent } from '../../../kit/observability/log.js';
import { deliveries, partnerClients, webhookEndpoints, type DeliveryRow, type WebhookEndpointRow } from '../db/schema.js';
import { attempt, ATTEMPT_TIMEOUT_MS, type AttemptResult } from './send.js';
import { signedHeaders } from './signing.js';
import { nextDelayMs, retrySettings, type RetrySettings } from './retry-schedule.js';
import { TEST_TYPE } from './event-types.js';

export interface WorkerOptions {
  /** How often to look for due deliveries (WEBHOOK_POLL_MS, default 200). */
  pollMs?: number;
  /** Deliveries claimed at once (each sent concurrently). */
  batch?: number;
  retry?: RetrySettings;
}

export interface DeliveryWorker {
  stop(): Promise<void>;
}

/** Far longer than an attempt can take: a claimed row comes back only when its process is gone. */
const LEASE_MS = ATTEMPT_TIMEOUT_MS * 6;

/** Types that go to the organisation even though the person is (now) not its client. */
const NOT_CLIENT_BOUND = new Set<string>(['representation.withdrawn', TEST_TYPE]);

type Claimed = { delivery: DeliveryRow; endpoint: WebhookEndpointRow };

async function claim(db: DB, now: Date, limit: number): Promise<Claimed[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.status, 'PENDING'),
          lte(deliveries.nextAttemptAt, now),
          inArray(deliveries.endpointId, tx.select({ id: webhookEndpoints.id }).from(webhookEndpoints).where(eq(webhookEndpoints.status, 'ACTIVE'))),
        ),
      )
      .orderBy(asc(deliveries.nextAttemptAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (!due.length) return [];
    const ids = due.map((d) => d.id);
    await tx
      .update(deliveries)
      .set({ attempts: sql`${deliveries.attempts} + 1`, lastAttemptAt: now, nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(inArray(deliveries.id, ids));
    return tx.select({ delivery: deliveries, endpoint: webhookEndpoints }).from(deliveries).innerJoin(webhookEndpoints, eq(webhookEndpoints.id, deliveries.endpointId)).where(inArray(deliveries.id, ids));
  });
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
  return [endpoint.secret, ...previous];
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
  await db.transaction(async (tx) => {
    await tx
      .update(deliveries)
      .set({ status: delay === null ? 'FAILED' : 'PENDING', nextAttemptAt: new Date(now.getTime() + (delay ?? 0)), lastResponseStatus: result.status, lastError: result.error })
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
    }
  });
}

async function send(db: DB, claimed: Claimed, settings: RetrySettings): Promise<void> {
  const { delivery, endpoint } = claimed;
  if (!(await stillAllowed(db, claimed))) {
    await db.update(deliveries).set({ status: 'CANCELLED', lastError: 'Not sent: the person is no longer a client of this organisation' }).where(eq(deliveries.id, delivery.id));
    return;
  }
  const result = await attempt(endpoint.url, signedHeaders(delivery.id, delivery.body, secretsOf(endpoint, new Date())), delivery.body);
  await record(db, claimed, result, settings);
}

/** One pass: claims and sends what is due now; returns how many were claimed. */
export async function deliverDue(db: DB, settings: RetrySettings, batch = 32): Promise<number> {
  const claimed = await claim(db, new Date(), batch);
  await Promise.all(claimed.map((c) => send(db, c, settings).catch((error) => logEvent('error', 'webhook delivery not recorded', { deliveryId: c.delivery.id, errorClass: (error as Error)?.name }))));
  return claimed.length;
}

export function startDeliveryWorker(db: DB, options: WorkerOptions = {}): DeliveryWorker {
  const settings = options.retry ?? retrySettings();
  const pollMs = options.pollMs ?? Number(process.env.WEBHOOK_POLL_MS ?? 200);
  const batch = options.batch ?? 32;
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    if (stopped || running) return;
    running = (async () => {
      try {
        // A full batch means more is due: go again at once.
        while (!stopped && (await deliverDue(db, settings, batch)) === batch);
      } catch (error) {
        logEvent('warn', 'webhook delivery paused', { errorClass: (error as Error)?.name });
      } finally {
        running = null;
        if (!stopped) timer = setTimeout(tick, pollMs).unref();
      }
    })();
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
