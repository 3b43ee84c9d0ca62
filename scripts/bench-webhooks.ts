// `npm run bench:webhooks`: how long from a hearing change to the partner's receiver answering 200.
// A scratch database (PGlite in memory, or a new database on DATABASE_URL's server) is seeded with a
// few hundred people; every organisation with clients gets endpoints (several each) on one local
// receiver; staff then reschedule clients' hearings through the gateway at --rate changes a second
// for --seconds, open loop. Latency is the receiver's 200 minus the change's event time (the
// mutation's own clock, taken inside its transaction before COMMIT: a little more than commit ->
// 200). Prints p50/p95/p99, the rate reached and the machine's load. Small by design: a minute at most.
//   npm run bench:webhooks -- [--rate 50] [--seconds 20] [--enrollees 300] [--endpoints-per-org 3]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { createKey } from '../gateway/auth/api-keys.js';
import { queryRows, subgraphDb } from '../kit/database/db.js';
import { configureLogging } from '../kit/observability/log.js';
import { percentile } from './lib/bench/percentile.js';
import { createScratchDatabase } from './lib/scratch-database.js';
import { seed } from './lib/seed/index.js';
import { startSystem } from './lib/system.js';

const { values } = parseArgs({ options: { rate: { type: 'string' }, seconds: { type: 'string' }, enrollees: { type: 'string' }, 'endpoints-per-org': { type: 'string' } } });
const rate = Number(values.rate ?? 50);
const seconds = Math.min(Number(values.seconds ?? 20), 60);
const enrollees = Number(values.enrollees ?? 300);
const perOrg = Number(values['endpoints-per-org'] ?? 3);
const log = (message: string) => console.log(message);

// Request logs would drown the report; warnings and errors still show.
configureLogging({ level: process.env.LOG_LEVEL ?? 'warn' });
process.env.WEBHOOKS_ALLOW_HTTP_LOOPBACK = 'true';

// The receiver: verifies each signature with the endpoint's secret (by path), records when it answered.
const secrets = new Map<string, Webhook>();
const latencies: number[] = [];
let badSignatures = 0;
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    try {
      const parsed = secrets.get(req.url ?? '')!.verify(body, req.headers as Record<string, string>) as { type: string; timestamp: string };
      res.writeHead(200).end();
      if (parsed.type === 'hearing.rescheduled') latencies.push(Date.now() - Date.parse(parsed.timestamp));
    } catch {
      badSignatures++;
      res.writeHead(400).end();
    }
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverPort = (receiver.address() as AddressInfo).port;

log(`Seeding ${enrollees} people into ${process.env.DATABASE_URL ? 'a scratch PostgreSQL database' : 'in-memory PGlite'}...`);
const database = await createScratchDatabase(process.env.DATABASE_URL, 'sg_bench_webhooks');
await seed(database.driver, { enrollees, seed: 11 });
const system = await startSystem({ driver: database.driver, migrate: false, scheduledJobs: false, rateLimits: { requestsPerMinute: { staff: 1_000_000, partner: 1_000_000 }, costPerMinute: { staff: 100_000_000, partner: 100_000_000 } } });
const db = subgraphDb(database.driver);
const staff = (await createKey(db, { name: 'bench staff', kind: 'staff' })).key;

async function gql(query: string, variables: Record<string, unknown>, key: string): Promise<any> {
  const response = await fetch(system.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
  return body.data;
}

// Endpoints: every organisation with active clients, several each, one receiver path per endpoint.
const orgs = await queryRows<{ org: string }>(database.driver, `select distinct organization_id as org from legal.representations where withdrawn_at is null and organization_id is not null`);
let endpoints = 0;
for (const { org } of orgs) {
  const key = (await createKey(db, { name: `bench partner ${org}`, kind: 'partner', organizationId: org })).key;
  for (let i = 0; i < perOrg; i++) {
    const path = `/hooks/${++endpoints}`;
    const created = await gql(`mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }`, { input: { url: `http://127.0.0.1:${receiverPort}${path}`, eventTypes: ['HEARING_RESCHEDULED'] } }, key);
    secrets.set(path, new Webhook(created.createWebhookEndpoint.secret));
  }
}
// One chain of hearings per represented person: each reschedule's replacement is the next one moved.
const chains = (await queryRows<{ id: string }>(database.driver, `
  select distinct on (h.a_number) h.id from docket.hearings h
  where h.status = 'SCHEDULED' and h.scheduled_at > now() + interval '2 days'
    and exists (select 1 from legal.representations r where r.a_number = h.a_number and r.withdrawn_at is null and r.organization_id is not null)
  order by h.a_number, h.scheduled_at`)).map((r) => r.id);
log(`${orgs.length} organisations, ${endpoints} endpoints, ${chains.length} represented people with a scheduled hearing. Load: ${rate}/s for ${seconds} s.`);

const busy = new Set<number>();
let sent = 0;
let failed = 0;
const errors = new Map<string, number>();
const started = Date.now();
const inFlight: Promise<void>[] = [];
for (let tick = 0; Date.now() - started < seconds * 1000; tick++) {
  const due = started + (tick * 1000) / rate;
  if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
  const index = tick % chains.length;
  if (busy.has(index)) continue; // that person's previous change is still in flight
  busy.add(index);
  const scheduledAt = new Date(Date.now() + (30 + (tick % 600)) * 86_400_000 + (tick % 1_440) * 60_000).toISOString();
  sent++;
  inFlight.push(
    gql(`mutation($input: RescheduleHearingInput!) { rescheduleHearing(input: $input) { id } }`, { input: { hearingId: chains[index], scheduledAt, reason: 'Benchmark' } }, staff)
      .then((data) => void (chains[index] = data.rescheduleHearing.id))
      .catch((error: Error) => {
        failed++;
        const kind = error.message.match(/"code":"(\w+)"/)?.[1] ?? error.message.slice(0, 80);
        errors.set(kind, (errors.get(kind) ?? 0) + 1);
      })
      .finally(() => busy.delete(index)),
  );
}
await Promise.all(inFlight);
const elapsed = (Date.now() - started) / 1000;
// Let the fan-out reach the end of the docket's outbox, then every delivery owed arrive (30 s at most).
const waitUntil = Date.now() + 30_000;
const scalar = async (query: string) => Number((await queryRows<{ n: string }>(database.driver, query))[0]?.n ?? 0);
const docketEnd = await scalar(`select coalesce(max(sequence), 0) as n from docket.outbox`);
while (Date.now() < waitUntil && (await scalar(`select coalesce(max(sequence), 0) as n from alerts.consumer_offsets where consumer = 'alerts.fanout' and source = 'docket'`)) < docketEnd) {
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const owed = await scalar(`select count(*) as n from alerts.deliveries where event_type = 'hearing.rescheduled'`);
while (latencies.length < owed && Date.now() < waitUntil) await new Promise((resolve) => setTimeout(resolve, 100));

// Where the time went: change -> queued (the fan-out consumer), queued -> delivered (the worker and the receiver).
const [stages] = await queryRows<{ queued: string; sent: string }>(database.driver, `
  select round(percentile_cont(0.5) within group (order by extract(epoch from created_at - occurred_at) * 1000)) as queued,
         round(percentile_cont(0.5) within group (order by extract(epoch from delivered_at - created_at) * 1000)) as sent
  from alerts.deliveries where event_type = 'hearing.rescheduled' and status = 'DELIVERED'`);
const sorted = [...latencies].sort((a, b) => a - b);
const load = loadavg().map((l) => l.toFixed(1)).join(' ');
log('');
log(`changes committed: ${sent - failed} of ${sent} sent in ${elapsed.toFixed(1)} s (${((sent - failed) / elapsed).toFixed(1)}/s)`);
if (errors.size) log(`changes refused or failed, by code: ${JSON.stringify(Object.fromEntries(errors))}`);
log(`deliveries: ${latencies.length} received and verified of ${owed} owed; bad signatures: ${badSignatures}`);
log(`change -> receiver 200: p50 ${percentile(sorted, 0.5)} ms, p95 ${percentile(sorted, 0.95)} ms, p99 ${percentile(sorted, 0.99)} ms, max ${sorted.at(-1) ?? 0} ms (goal p99 <= 5000 ms)`);
log(`median by stage: change -> queued ${stages?.queued} ms, queued -> receiver ${stages?.sent} ms`);
log(`machine: ${cpus().length} cores, load average ${load} (1, 5, 15 min) — shared with other work, so these are upper bounds`);
await system.stop();
await database.drop();
receiver.closeAllConnections();
receiver.close();
process.exit(0);
