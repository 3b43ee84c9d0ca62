// Starts the events of the domains this process runs: the in-process transport by default, NATS
// JetStream when a URL is given. What /readyz and operators read about consumers is here too.
import { count } from 'drizzle-orm';
import type { DB } from '../../../kit/database/db.js';
import { logEvent } from '../../../kit/observability/log.js';
import { inProcessTransport } from './in-process.js';
import { natsTransport } from './nats.js';
import type { EventTables } from './tables.js';
import type { EventDomain, Transport } from './transport.js';

export interface EventsOptions {
  domains: readonly EventDomain[];
  /** See TransportOptions.sources (in-process only). */
  sources?: readonly EventDomain[];
  /** NATS server URL (NATS_URL); absent: the in-process transport. */
  natsUrl?: string;
  /** Stream, subject and durable prefix (EVENTS_PREFIX), for tests sharing one broker. */
  prefix?: string;
  /** Fallback poll interval in ms (EVENTS_POLL_MS, default 500): commits this process did not make. */
  pollMs?: number;
}

export interface EventRuntime {
  transport: 'in-process' | 'nats';
  stop(): Promise<void>;
}

export function eventsOptionsFromEnv(env = process.env): Pick<EventsOptions, 'natsUrl' | 'prefix' | 'pollMs'> {
  return { natsUrl: env.NATS_URL || undefined, prefix: env.EVENTS_PREFIX || undefined, pollMs: env.EVENTS_POLL_MS ? Number(env.EVENTS_POLL_MS) : undefined };
}

export async function startEvents(options: EventsOptions): Promise<EventRuntime> {
  const transport: Transport = options.natsUrl ? natsTransport({ url: options.natsUrl, prefix: options.prefix }) : inProcessTransport();
  await transport.start({ domains: options.domains, sources: options.sources, pollMs: options.pollMs ?? 500 });
  const kind = options.natsUrl ? 'nats' : 'in-process';
  logEvent('info', 'events started', { transport: kind, domains: options.domains.map((d) => d.published.domain) });
  return { transport: kind, stop: () => transport.stop() };
}

/** Dead letters per consumer in one domain's table (for /readyz: present, they need an operator). */
export async function deadLetterCounts(db: DB, tables: EventTables): Promise<Record<string, number>> {
  const rows = await db.select({ consumer: tables.deadLetters.consumer, n: count() }).from(tables.deadLetters).groupBy(tables.deadLetters.consumer);
  return Object.fromEntries(rows.map((r) => [r.consumer, Number(r.n)]));
}
