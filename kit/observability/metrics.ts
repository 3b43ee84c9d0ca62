// Prometheus metrics (prom-client), one registry per process, served at /metrics by the HTTP binding
// (or on METRICS_PORT: metrics-endpoint.ts). Every metric the system exports is declared here, with
// what it means, so README's table, the Grafana dashboard (ops/grafana/) and the code agree.
//
// Labels hold our own names and codes only: service and subgraph names, error codes, outcomes, and
// operation names bounded by operation-label.ts. Never a person's data, a key id or a raw path.
//
// Modules that feed metrics later (the event kit, webhook delivery) import the metric objects they
// need from here, or declare their own with `registry` (registers: [registry]).
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
// Process CPU, memory, event-loop lag, GC (prom-client's defaults, names prefixed process_/nodejs_).
collectDefaultMetrics({ register: registry });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** GraphQL requests served, by server, operation and outcome; `_count` is the request count. */
export const graphqlRequestDuration = new Histogram({
  name: 'graphql_request_duration_seconds',
  help: 'GraphQL requests served, by service, operation name (bounded: validated names only, else "other"/"none") and outcome (success, partial, client_error, server_error), with their latency.',
  labelNames: ['service', 'operation', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

/** One fetch of a query plan from the gateway to a subgraph. */
export const subgraphFetchDuration = new Histogram({
  name: 'gateway_subgraph_fetch_duration_seconds',
  help: 'Subgraph fetches made by the gateway, by subgraph and result (ok, error), with their latency.',
  labelNames: ['subgraph', 'result'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const subgraphFetchErrors = new Counter({
  name: 'gateway_subgraph_fetch_errors_total',
  help: 'Subgraph fetches that failed (the fields they served came back null with SUBGRAPH_UNAVAILABLE), by subgraph and reason (timeout, status, not_json, connection, other).',
  labelNames: ['subgraph', 'reason'] as const,
  registers: [registry],
});

/** Whole requests the gateway refused with an error code: limits, authentication, rate limits (429) ... */
export const requestsRefused = new Counter({
  name: 'gateway_requests_refused_total',
  help: 'Requests the gateway refused as a whole (no data: authentication, request limits, rate limits, malformed requests), by error code; counted once per code per request.',
  labelNames: ['code'] as const,
  registers: [registry],
});

const pools = new Set<pg.Pool>();
const poolState = (pick: (pool: pg.Pool) => number) => [...pools].reduce((sum, pool) => sum + pick(pool), 0);

/** node-postgres pool use, summed over this process's open pools (none on PGlite). */
export const databasePoolConnections = new Gauge({
  name: 'db_pool_connections',
  help: 'Postgres pool connections of this process, by state: total (open), idle, waiting (queries queued for a connection).',
  labelNames: ['state'] as const,
  registers: [registry],
  collect() {
    this.set({ state: 'total' }, poolState((pool) => pool.totalCount));
    this.set({ state: 'idle' }, poolState((pool) => pool.idleCount));
    this.set({ state: 'waiting' }, poolState((pool) => pool.waitingCount));
  },
});

/** Called by openDriver for every pg pool; the pool is forgotten when it ends. */
export function observePool(pool: pg.Pool): void {
  pools.add(pool);
  const end = pool.end.bind(pool);
  pool.end = ((...args: Parameters<typeof end>) => {
    pools.delete(pool);
    return end(...args);
  }) as typeof pool.end;
}

/**
 * How far behind each event consumer is: now minus the time of the newest event it has handled,
 * when events are waiting for it (0 when it is caught up). Set by the event kit (subgraphs/shared/events/);
 * nothing feeds it until that kit does.
 */
export const eventsConsumerLag = new Gauge({
  name: 'events_consumer_lag_seconds',
  help: 'Seconds between the oldest event a consumer has not yet handled and now (0 when caught up), by consumer.',
  labelNames: ['consumer'] as const,
  registers: [registry],
});

/** Events a consumer gave up on after its retries, parked for an operator. Set by the event kit. */
export const eventsDeadLetters = new Gauge({
  name: 'events_dead_letters',
  help: 'Events parked as dead letters (failed after every retry), by consumer.',
  labelNames: ['consumer'] as const,
  registers: [registry],
});

/** Webhook delivery attempts, by outcome (delivered, failed, gave_up ...). Incremented by the webhook sender. */
export const webhookDeliveries = new Counter({
  name: 'webhook_deliveries_total',
  help: 'Webhook delivery attempts, by outcome (delivered, failed, gave_up).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

/** The gateway's API-key cache (gateway/auth/key-cache.ts). */
export const apiKeyLookups = new Counter({
  name: 'gateway_api_key_lookups_total',
  help: 'API-key verifications, by source: cache (answered from memory) or database (read from gateway.api_keys).',
  labelNames: ['source'] as const,
  registers: [registry],
});

export const apiKeyCacheListening = new Gauge({
  name: 'gateway_api_key_cache_listening',
  help: '1 while the API-key cache hears revocations (LISTEN connection up) and may answer; 0 while it is off and every lookup reads the database.',
  registers: [registry],
});

/** The exposition text and its content type. */
export async function scrape(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
