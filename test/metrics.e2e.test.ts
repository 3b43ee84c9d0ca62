// Metrics, end to end: after a mix of requests through the real gateway (served, refused by key,
// by a limit and by body size, one with a subgraph down), /metrics on the gateway and on a subgraph
// is scraped and parsed, and specific series must hold the counts those requests caused.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsOnServingPort, startMetricsServer } from '../kit/observability/metrics-endpoint.js';
import { MAX_OPERATION_NAMES } from '../kit/observability/operation-label.js';
import { parseExposition, type Exposition } from './support/prometheus.js';
import { startTestStack, type TestStack } from './support/stack.js';

const dashboard = readFileSync(new URL('../gateway/operations/dashboard.graphql', import.meta.url), 'utf8');

let stack: TestStack;
let aNumber: string;
let gateway: Exposition;
let subgraph: Exposition;
let subgraphContentType: string | null;

async function post(body: string, key: string | null = stack.keys.admin) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
}
const ask = (query: string, variables: Record<string, unknown> = {}, key?: string | null) => post(JSON.stringify({ query, variables }), key);

async function scrape(url: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return { contentType: response.headers.get('content-type'), text: await response.text() };
}

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 20, system: { limits: { aliases: 2, bodyBytes: 20_000 } } });
  [{ a_number: aNumber }] = (await stack.sql<{ a_number: string }>('select a_number from enrollment.enrollees order by a_number limit 1')) as [{ a_number: string }];
  for (let i = 0; i < 3; i++) expect((await ask(dashboard, { aNumber })).body.errors).toBeUndefined();
  expect((await ask('{ __typename }', {}, null)).status).toBe(401);
  expect((await ask('{ __typename }', {}, 'sgk_0000000000000000_not-a-real-secret-aaaaaaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(401);
  expect((await ask('query Aliases { enrollees(first: 1) { edges { node { a: id b: id c: id } } } }')).body.errors?.[0]?.extensions?.code).toBe('ALIAS_LIMIT_EXCEEDED');
  expect((await post(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(25_000)}` }))).status).toBe(413);
  // A client naming its operation after a person: counted, but not under that name.
  expect((await ask(`query Person${aNumber} { __typename }`)).body.errors).toBeUndefined();
  // A subgraph down: the dashboard is served partially, the legal fetch fails.
  await stack.subgraphs.legal!.stop();
  expect((await ask(dashboard, { aNumber })).body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
  await stack.restartSubgraph('legal');

  gateway = parseExposition((await scrape(stack.gatewayUrl.replace('/graphql', '/metrics'))).text);
  const fromSubgraph = await scrape(stack.subgraphs.enrollment!.url.replace('/graphql', '/metrics'));
  subgraphContentType = fromSubgraph.contentType;
  subgraph = parseExposition(fromSubgraph.text);
});
afterAll(async () => {
  await stack?.close();
});

describe('/metrics after a mix of requests', () => {
  it('counts served requests by operation name and outcome, with latency histograms', () => {
    const served = { service: 'gateway', operation: 'Dashboard', outcome: 'success' };
    expect(gateway.value('graphql_request_duration_seconds_count', served)).toBe(3);
    expect(gateway.value('graphql_request_duration_seconds_sum', served)).toBeGreaterThan(0);
    expect(gateway.value('graphql_request_duration_seconds_bucket', { ...served, le: '+Inf' })).toBe(3);
    expect(gateway.value('graphql_request_duration_seconds_count', { service: 'gateway', operation: 'Dashboard', outcome: 'partial' })).toBe(1);
  });

  it('counts requests refused before an operation was known under operation "none"', () => {
    // Two bad keys, the oversized body, and the alias limit (a validation rule: the name of an
    // operation that did not validate is not used).
    expect(gateway.value('graphql_request_duration_seconds_count', { service: 'gateway', operation: 'none', outcome: 'client_error' })).toBe(4);
    expect(gateway.series('graphql_request_duration_seconds_count', { operation: 'Aliases' })).toEqual([]);
  });

  it('never uses a name holding an A-number as a label, and caps the names it keeps', () => {
    expect(gateway.value('graphql_request_duration_seconds_count', { service: 'gateway', operation: 'other', outcome: 'success' })).toBe(1);
    const names = new Set(gateway.series('graphql_request_duration_seconds_count').map((sample) => sample.labels.operation));
    expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 3);
    const text = gateway.samples.map((sample) => JSON.stringify(sample.labels)).join('\n');
    expect(text).not.toContain(aNumber.slice(1));
  });

  it('counts refusals by code', () => {
    expect(gateway.value('gateway_requests_refused_total', { code: 'UNAUTHENTICATED' })).toBe(2);
    expect(gateway.value('gateway_requests_refused_total', { code: 'ALIAS_LIMIT_EXCEEDED' })).toBe(1);
    expect(gateway.value('gateway_requests_refused_total', { code: 'PAYLOAD_TOO_LARGE' })).toBe(1);
    // A field error (the subgraph outage) is not a refusal: the rest of the answer was served.
    expect(gateway.value('gateway_requests_refused_total', { code: 'SUBGRAPH_UNAVAILABLE' })).toBeUndefined();
  });

  it('times subgraph fetches and counts their failures by subgraph', () => {
    for (const name of ['enrollment', 'checkin', 'docket', 'legal']) {
      expect(gateway.value('gateway_subgraph_fetch_duration_seconds_count', { subgraph: name, result: 'ok' }), name).toBeGreaterThanOrEqual(3);
    }
    expect(gateway.series('gateway_subgraph_fetch_errors_total')).toEqual([{ name: 'gateway_subgraph_fetch_errors_total', labels: { subgraph: 'legal', reason: 'connection' }, value: 1 }]);
    expect(gateway.value('gateway_subgraph_fetch_errors_total', { subgraph: 'legal', reason: 'connection' })).toBe(1);
    expect(gateway.value('gateway_subgraph_fetch_errors_total', { subgraph: 'enrollment', reason: 'connection' })).toBeUndefined();
  });

  it('serves the API-key lookups and the key cache state', () => {
    expect(gateway.value('gateway_api_key_lookups_total', { source: 'database' })).toBeGreaterThan(0);
    expect(gateway.documented).toContain('gateway_api_key_cache_listening');
  });

  it('reports database pool use, and declares event lag, dead letters and webhook deliveries', () => {
    for (const state of ['total', 'idle', 'waiting']) expect(gateway.value('db_pool_connections', { state })).toBeGreaterThanOrEqual(0);
    // Postgres runs through a pool (PGlite has none): it holds connections after the requests above.
    if (process.env.DATABASE_URL) expect(gateway.value('db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    for (const name of ['events_consumer_lag_seconds', 'events_dead_letters', 'webhook_deliveries_total']) expect(gateway.documented).toContain(name);
  });

  it("includes the process's own metrics", () => {
    expect(gateway.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(gateway.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it("is answered on each subgraph's own port too, counting the subgraph's own requests", () => {
    expect(subgraphContentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const own = subgraph.series('graphql_request_duration_seconds_count', { service: 'enrollment', outcome: 'success' });
    expect(own.map((sample) => sample.labels.operation)).toContainEqual(expect.stringMatching(/^Dashboard__enrollment__\d+$/));
    expect(own.reduce((sum, sample) => sum + sample.value, 0)).toBeGreaterThanOrEqual(4);
  });
});

describe('the committed Grafana dashboard', () => {
  it('charts only series that /metrics serves', () => {
    const dashboardJson = JSON.parse(readFileSync(new URL('../ops/grafana/supervision-gateway.json', import.meta.url), 'utf8'));
    const expressions: string[] = dashboardJson.panels.flatMap((panel: { targets: { expr: string }[] }) => panel.targets.map((target) => target.expr));
    const charted = new Set(expressions.flatMap((expr) => [...expr.matchAll(/([a-z_][a-z0-9_]*)\{/g)].map((match) => match[1]!.replace(/_(bucket|count|sum)$/, ''))));
    expect(charted.size).toBeGreaterThanOrEqual(12);
    for (const name of charted) expect(gateway.documented, name).toContain(name);
  });
});

describe('where /metrics is served', () => {
  it('on the serving port in development, not in production unless asked; on METRICS_PORT when set', async () => {
    expect(metricsOnServingPort({})).toBe(true);
    expect(metricsOnServingPort({ NODE_ENV: 'production' })).toBe(false);
    expect(metricsOnServingPort({ NODE_ENV: 'production', METRICS_ON_SERVING_PORT: 'true' })).toBe(true);
    expect(metricsOnServingPort({ METRICS_PORT: '9464' })).toBe(false);
    const separate = (await startMetricsServer({ METRICS_PORT: '0' }))!;
    try {
      const scraped = parseExposition((await scrape(separate.url)).text);
      expect(scraped.value('graphql_request_duration_seconds_count', { service: 'gateway', operation: 'Dashboard', outcome: 'success' })).toBe(3);
      expect((await fetch(separate.url.replace('/metrics', '/graphql'))).status).toBe(404);
    } finally {
      await separate.stop();
    }
  });
});
