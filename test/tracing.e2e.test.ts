// Traces, end to end: the system runs with trace export on, pointed at a real OTLP/HTTP receiver;
// the dashboard query goes through the gateway, and the spans that arrive form one trace: the
// gateway's server span (with the request id) at the root, Apollo's operation and planning spans,
// one client span per subgraph fetch, each subgraph's server span under its fetch, and the SQL
// statements under those. Nothing a person could be recognised by is in any of it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type TracingHandle } from '../kit/observability/tracing.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver.js';
import { startTestStack, type TestStack } from './support/stack.js';

const dashboard = readFileSync(new URL('../gateway/operations/dashboard.graphql', import.meta.url), 'utf8');
const SERVER = 2;
const CLIENT = 3;
const SUBGRAPHS = ['enrollment', 'checkin', 'docket', 'legal'];

let receiver: OtlpReceiver;
let tracing: TracingHandle | undefined;
let stack: TestStack;
let requestId: string;
let aNumber: string;
let trace: ReceivedSpan[];
let root: ReceivedSpan;

const childrenOf = (span: ReceivedSpan) => trace.filter((other) => other.parentSpanId === span.spanId);
function descendantsOf(span: ReceivedSpan): ReceivedSpan[] {
  return childrenOf(span).flatMap((child) => [child, ...descendantsOf(child)]);
}
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = await startTracing({ serviceName: 'supervision-gateway', endpoint: receiver.endpoint });
  stack = await startTestStack({ enrollees: 30 });
  // Someone with counsel and a hearing ahead, so every subgraph has rows to read.
  const [person] = await stack.sql<{ a_number: string }>(`
    select e.a_number from enrollment.enrollees e
    where exists (select 1 from legal.representations r where r.a_number = e.a_number and r.withdrawn_at is null)
      and exists (select 1 from docket.cases c join docket.hearings h on h.case_id = c.id where c.a_number = e.a_number and h.scheduled_at > now())
    order by e.a_number limit 1`);
  aNumber = person!.a_number;
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.keys.admin}` },
    body: JSON.stringify({ query: dashboard, variables: { aNumber } }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  expect(body.data.enrolleeByANumber.aNumber).toBe(aNumber);
  requestId = response.headers.get('x-request-id')!;
  await tracing!.flush();
  const spans = receiver.spans();
  root = spans.find((span) => span.kind === SERVER && span.attributes['request.id'] === requestId && !span.parentSpanId)!;
  expect(root, 'a root server span carrying the request id').toBeDefined();
  trace = spans.filter((span) => span.traceId === root.traceId);
});
afterAll(async () => {
  await stack?.close();
  await tracing?.shutdown();
  await receiver?.close();
});

describe('the trace of one dashboard request', () => {
  it('is exported only once an endpoint is configured', () => {
    expect(tracing).toBeDefined();
    expect(receiver.bodies.length).toBeGreaterThan(0);
  });

  it('is a single trace: every span the request caused, in the gateway and each subgraph, shares the root trace id', () => {
    const ofRequest = receiver.spans().filter((span) => span.attributes['request.id'] === requestId);
    expect(ofRequest.length).toBeGreaterThanOrEqual(5);
    expect(new Set(ofRequest.map((span) => span.traceId))).toEqual(new Set([root.traceId]));
    // Every span of the trace hangs from the root (no orphans: the traceparent reached each subgraph).
    const reachable = new Set([root, ...descendantsOf(root)].map((span) => span.spanId));
    expect(trace.filter((span) => !reachable.has(span.spanId)).map((span) => span.name)).toEqual([]);
  });

  it("starts with the gateway's HTTP server span, with the route, status and request id", () => {
    expect(root).toMatchObject({ name: 'POST /graphql', scope: 'gateway', service: 'supervision-gateway' });
    expect(root.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/graphql', 'http.response.status_code': 200, 'request.id': requestId });
  });

  it('holds the GraphQL operation (name and type) and its query planning', () => {
    const operation = trace.find((span) => span.name === 'gateway.request')!;
    expect(operation.attributes).toMatchObject({ 'graphql.operation.name': 'Dashboard', 'graphql.operation.type': 'query' });
    expect(operation.parentSpanId).toBe(root.spanId);
    expect(descendantsOf(operation).map((span) => span.name)).toContain('gateway.plan');
  });

  it('has a client span per subgraph fetch, each with the subgraph server span it caused under it, and SQL under that', () => {
    const fetches = trace.filter((span) => span.kind === CLIENT && span.scope === 'gateway');
    expect(new Set(fetches.map((span) => span.attributes['subgraph.name']))).toEqual(new Set(SUBGRAPHS));
    for (const fetch of fetches) {
      const name = String(fetch.attributes['subgraph.name']);
      expect(fetch.name).toBe(`POST ${name}`);
      const [server, ...others] = childrenOf(fetch);
      expect(others).toEqual([]);
      expect(server).toMatchObject({ kind: SERVER, scope: name, name: 'POST /graphql' });
      expect(server!.attributes['request.id']).toBe(requestId);
      const statements = descendantsOf(server!).filter((span) => span.attributes['db.system'] === 'postgresql');
      expect(statements.length, `SQL under ${name}`).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(statement).toMatchObject({ kind: CLIENT, scope: 'postgresql' });
        expect(statement.attributes['db.operation.name']).toMatch(/^[A-Z]+$/);
        expect(statement.name).toBe(statement.attributes['db.query.summary']);
      }
    }
    // Statements name the tables they read, in the schema of the subgraph that owns them.
    const tables = new Set(trace.map((span) => span.attributes['db.collection.name']).filter(Boolean));
    expect(tables).toContain('enrollment.enrollees');
    expect([...tables].some((table) => String(table).startsWith('legal.'))).toBe(true);
  });

  it('holds no variable value, SQL text or parameter, and no seeded name, A-number, date of birth, phone number or address', async () => {
    const text = receiver.bodies.join('\n');
    const people = await stack.sql<{ given_name: string; family_name: string; a_number: string; date_of_birth: string | null; phone: string | null; address_line1: string | null }>(
      `select given_name, family_name, a_number, date_of_birth::text, phone, address_line1 from enrollment.enrollees`,
    );
    const counsel = await stack.sql<{ given_name: string; family_name: string }>('select given_name, family_name from legal.representatives');
    expect(people.length).toBeGreaterThanOrEqual(30);
    const seeded = [
      ...people.flatMap((p) => [p.given_name, ...p.family_name.split(' '), p.a_number, p.a_number.slice(1), p.date_of_birth, p.phone, p.phone?.replace(/^\+1/, ''), p.address_line1]),
      ...counsel.flatMap((r) => [r.given_name, ...r.family_name.split(' ')]),
    ].filter((value): value is string => Boolean(value));
    const leaks = seeded.filter((value) => new RegExp(`(^|[^\\p{L}\\d])${escapeRegExp(value)}($|[^\\p{L}\\d])`, 'u').test(text));
    expect(leaks).toEqual([]);
    expect(text).toContain(requestId); // the check can see what is in the bodies
    for (const sqlText of ['select ', '"enrollees"', '$1', 'aNumber']) expect(text).not.toContain(sqlText);
  });
});
