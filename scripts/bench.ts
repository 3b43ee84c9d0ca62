// `npm run bench [-- --full] [--enrollees N] [--connections C] [--duration S]`: the three canonical
// operations against our gateway, Hive Gateway and the physical floor, on the same subgraphs and
// data, in one run; tables printed and written to BENCHMARKS.md.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { exportPKCS8, exportSPKI } from 'jose';
import { createKey } from '../gateway/auth/api-keys.js';
import { closeDriver, openDriver, queryRows, subgraphDb } from '../subgraphs/shared/db.js';
import { generateHopKeys, signHopToken } from '../subgraphs/shared/hop-token.js';
import { ensureBenchDatabase } from './lib/bench/database.js';
import { OPERATIONS, POOL_SIZE, requestBodies, rowsIn, variablePools, type Operation } from './lib/bench/fixtures.js';
import { planGroups, type HostReply, type RecordedCall } from './lib/bench/ipc.js';
import { percentile } from './lib/bench/percentile.js';
import type { LoadConfig, LoadResult } from './lib/bench/load-worker.js';
import { assertPortsFree, machineBusySeconds, nextMessage, localPostmaster, peakRss, rssMiB, runLoad, spawnNode, spawnTs, stopAll, treeCpuSeconds, waitForHttp } from './lib/bench/processes.js';
import { CPU_PARTS, writeRun, type BenchRun, type CpuPerRequest, type OperationResult, type TargetResult } from './lib/bench/report.js';

const { values } = parseArgs({
  options: { full: { type: 'boolean' }, enrollees: { type: 'string' }, connections: { type: 'string' }, duration: { type: 'string' }, 'memory-minutes': { type: 'string' } },
});
const mode = values.full ? 'full' : 'smoke';
const enrollees = Number(values.enrollees ?? 10_000);
const connections = Number(values.connections ?? 10);
const duration = Number(values.duration ?? (mode === 'full' ? 30 : 6));
const warmup = mode === 'full' ? 5 : 1;
const unloadedSeconds = mode === 'full' ? 10 : 2;
const memoryMinutes = Number(values['memory-minutes'] ?? (mode === 'full' ? 5 : 0));
const log = (message: string) => console.log(message);

process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));

await assertPortsFree([4000, 4001, 4002, 4003, 4004, 4010, 4020]);
const db = await ensureBenchDatabase(enrollees);
log(`Database ${db.url.replace(/\/\/[^@]*@/, '//')}: ${Math.round(db.sizeMiB)} MiB${db.seededSeconds ? `, seeded in ${db.seededSeconds.toFixed(1)} s` : ''}.`);

// Identity: our gateway authenticates an API key and signs per request; Hive and the floor pass on
// a token signed once (they cannot sign ours), which is work our gateway does and they do not.
const hopKeys = await generateHopKeys();
const hopEnv = { HOP_PRIVATE_KEY: await exportPKCS8(hopKeys.privateKey), HOP_PUBLIC_KEY: await exportSPKI(hopKeys.publicKey) };
const driver = await openDriver({ databaseUrl: db.url, poolSize: 2 });
const apiKey = (await createKey(subgraphDb(driver), { name: `bench ${new Date().toISOString()}`, kind: 'staff' })).key;
const hopToken = await signHopToken(hopKeys.privateKey, { kind: 'staff', id: 'bench', scopes: new Set(['enrollees:read', 'checkins:read', 'docket:read', 'representation:read']), organizationId: null }, new Date(Date.now() + 55 * 60_000));
const pools = await variablePools(driver);
const [{ pid: backendPid }] = (await queryRows<{ pid: number }>(driver, 'select pg_backend_pid() as pid')) as [{ pid: number }];
const postmasterPid = localPostmaster(backendPid);
await closeDriver(driver);

log('Starting the subgraphs, our gateway and Hive Gateway...');
const host = spawnTs('scripts/lib/bench/subgraph-host.ts', { DATABASE_URL: db.url, ...hopEnv }, { ipc: true });
await nextMessage<HostReply>(host, 'ready');
const ours = spawnTs('gateway/index.ts', { DATABASE_URL: db.url, PORT: '4000', HOST: '127.0.0.1', NODE_ENV: 'production', ...hopEnv });
await waitForHttp('http://127.0.0.1:4000/healthz');
const hive = spawnNode(
  ['node_modules/@graphql-hive/gateway/dist/bin.js', 'supergraph', 'schema/supergraph.graphql', '--port', '4010', '--host', '127.0.0.1', '--fork', '1', '-c', 'scripts/lib/bench/hive-gateway.config.mjs'],
  { NODE_ENV: 'production' },
);
await waitForHttp('http://127.0.0.1:4010/healthcheck');

const bodiesByOperation = requestBodies(pools);
const bodies = (op: Operation) => bodiesByOperation[op];
const ask = async <T extends HostReply>(message: object, type: T['type']) => {
  const reply = nextMessage<T>(host, type);
  host.send(message);
  return reply;
};

// Record the plan of every (operation, variables) through our gateway, and check Hive answers the same.
const plans: Record<string, RecordedCall[][][]> = {};
// Rows per response (a page's edges; 1 for the dashboard), so runs at two scales can be seen to load the same page.
const rowsPerResponse = {} as Record<Operation, number>;
for (const op of OPERATIONS) {
  plans[op] = [];
  let rows = 0;
  for (const body of bodies(op)) {
    await ask({ type: 'record', on: true }, 'recorded');
    const mine = await (await fetch('http://127.0.0.1:4000/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body })).json();
    const { calls } = await ask<Extract<HostReply, { type: 'recorded' }>>({ type: 'record', on: false }, 'recorded');
    const theirs = await (await fetch('http://127.0.0.1:4010/graphql', { method: 'POST', headers: { 'content-type': 'application/json', 'x-supervision-identity': hopToken }, body })).json();
    if ((mine as { errors?: unknown }).errors) throw new Error(`${op}: our gateway answered with errors: ${JSON.stringify((mine as { errors: unknown }).errors).slice(0, 300)}`);
    if (JSON.stringify(mine) !== JSON.stringify(theirs)) throw new Error(`${op}: Hive Gateway and our gateway disagree on ${body.slice(-120)}`);
    plans[op].push(planGroups(calls));
    rows += rowsIn(mine as Parameters<typeof rowsIn>[0]);
  }
  rowsPerResponse[op] = rows / pools[op].length;
}
const plansFile = join(mkdtempSync(join(tmpdir(), 'sg-bench-')), 'plans.json');
writeFileSync(plansFile, JSON.stringify(plans));
const floor = spawnTs('scripts/lib/bench/floor-server.ts', { FLOOR_PLANS: plansFile, HOP_TOKEN: hopToken, PORT: '4020' }, { ipc: true });
await nextMessage(floor, 'ready');

const statements = async () => Object.values((await ask<Extract<HostReply, { type: 'statements' }>>({ type: 'statements' }, 'statements')).counts).reduce((a, b) => a + b, 0);

type Target = 'floor' | 'ours' | 'hive';
interface Slice {
  result: LoadResult;
  peakMiB: number | null;
  /** CPU seconds spent during the slice, per part of the system (null where not measured). */
  cpu: Record<keyof CpuPerRequest, number | null>;
}

/** Where CPU is measured: the subgraphs' process and, when Postgres runs on this machine, its postmaster's tree. */
const cpuOf = { subgraphs: host.pid!, postgres: postmasterPid };

function cpuNow(gatewayPid: number | null): Record<keyof CpuPerRequest, number | null> {
  return {
    gateway: gatewayPid ? treeCpuSeconds(gatewayPid) : null,
    subgraphs: treeCpuSeconds(cpuOf.subgraphs),
    postgres: cpuOf.postgres ? treeCpuSeconds(cpuOf.postgres) : null,
    machine: machineBusySeconds(),
  };
}

async function slice(config: Omit<LoadConfig, 'connections' | 'durationSeconds'>, pid: number | null, seconds: number, clients = connections): Promise<Slice> {
  const run = () => runLoad<LoadResult>({ ...config, connections: clients, durationSeconds: seconds });
  const before = cpuNow(pid);
  const { result, peakMiB } = pid ? await peakRss(pid, run) : { result: await run(), peakMiB: null };
  const after = cpuNow(pid);
  const cpu = Object.fromEntries(Object.entries(after).map(([part, value]) => [part, value === null ? null : value - before[part as keyof CpuPerRequest]!])) as Slice['cpu'];
  return { result, peakMiB, cpu };
}

/** Two slices of one target measured apart merged into one result (all latencies pooled). */
function merge(slices: Slice[]): TargetResult {
  const latencies = slices.flatMap((s) => s.result.latencies).sort((a, b) => a - b);
  const at = (q: number) => percentile(latencies, q);
  const peaks = slices.map((s) => s.peakMiB).filter((p): p is number => p !== null);
  return {
    requests: latencies.length,
    requestsPerSecond: latencies.length / duration,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    errors: slices.reduce((n, s) => n + s.result.errors, 0),
    latencies: [],
    statementsPerRequest: null,
    peakRssMiB: peaks.length ? Math.max(...peaks) : null,
    cpuMsPerRequest: Object.fromEntries(
      CPU_PARTS.map((part) => [
        part,
        slices[0]!.cpu[part] === null ? null : (slices.reduce((t, s) => t + s.cpu[part]!, 0) * 1000) / latencies.length,
      ]),
    ) as unknown as CpuPerRequest,
  };
}

/** Statements per request, exactly: each variables set once, one request at a time, outside any load. */
async function statementsPerRequest(config: Omit<LoadConfig, 'connections' | 'durationSeconds'>): Promise<number> {
  const before = await statements();
  for (const body of config.bodies.length > 1 ? config.bodies : Array.from({ length: POOL_SIZE }, () => config.bodies[0]!)) {
    await (await fetch(config.url, { method: 'POST', headers: { 'content-type': 'application/json', ...config.headers }, body })).text();
  }
  return ((await statements()) - before) / (config.bodies.length > 1 ? config.bodies.length : POOL_SIZE);
}

const operations: OperationResult[] = [];
for (const op of OPERATIONS) {
  log(`Measuring ${op} (${pools[op].length} variable sets)...`);
  const targets: Record<Target, [Omit<LoadConfig, 'connections' | 'durationSeconds'>, number | null]> = {
    floor: [{ url: `http://127.0.0.1:4020/${op}`, headers: {}, bodies: ['{}'] }, null],
    ours: [{ url: 'http://127.0.0.1:4000/graphql', headers: { authorization: `Bearer ${apiKey}` }, bodies: bodies(op) }, ours.pid!],
    hive: [{ url: 'http://127.0.0.1:4010/graphql', headers: { 'x-supervision-identity': hopToken }, bodies: bodies(op) }, hive.pid!],
  };
  // Warm every target, then measure in the order A B C C B A, half the time each, so no target
  // gains from running later (warmer caches) or loses from running while the machine is busier.
  for (const [config, pid] of Object.values(targets)) await slice(config, pid, warmup);
  const slices: Record<Target, Slice[]> = { floor: [], ours: [], hive: [] };
  for (const target of ['floor', 'ours', 'hive', 'hive', 'ours', 'floor'] as const) {
    slices[target].push(await slice(...targets[target], duration / 2));
  }
  const [floorResult, oursResult, hiveResult] = [merge(slices.floor), merge(slices.ours), merge(slices.hive)];
  for (const [target, result] of [['floor', floorResult], ['ours', oursResult], ['hive', hiveResult]] as const) {
    result.statementsPerRequest = await statementsPerRequest(targets[target][0]);
  }
  // One client at a time, floor then ours: the latency the gateway adds when nothing queues for the
  // two cores, which the loaded p50 above mixes with the CPU the gateway takes from the subgraphs.
  const unloadedP50 = {
    floor: (await slice(targets.floor[0], null, unloadedSeconds, 1)).result.p50,
    ours: (await slice(targets.ours[0], null, unloadedSeconds, 1)).result.p50,
  };
  operations.push({ operation: op, rowsPerResponse: rowsPerResponse[op], floor: floorResult, ours: oursResult, hive: hiveResult, unloadedP50 });
  log(`  floor ${floorResult.requestsPerSecond.toFixed(0)} req/s p50 ${floorResult.p50} ms | ours ${oursResult.requestsPerSecond.toFixed(0)} req/s p50 ${oursResult.p50} ms | hive ${hiveResult.requestsPerSecond.toFixed(0)} req/s p50 ${hiveResult.p50} ms`);
}

let memory: BenchRun['memory'];
if (memoryMinutes > 0) {
  log(`Memory: ${memoryMinutes} minutes of mixed load on our gateway...`);
  const mixed = OPERATIONS.flatMap((op) => bodies(op));
  const config = { url: 'http://127.0.0.1:4000/graphql', headers: { authorization: `Bearer ${apiKey}` }, bodies: mixed, connections };
  // Response times are not needed here and would only grow the worker's output.
  const warmMinute = Math.min(1, memoryMinutes / 5);
  await runLoad<LoadResult>({ ...config, durationSeconds: Math.round(warmMinute * 60) });
  const warmMiB = rssMiB(ours.pid!);
  const { peakMiB } = await peakRss(ours.pid!, () => runLoad<LoadResult>({ ...config, durationSeconds: Math.round((memoryMinutes - warmMinute) * 60) }));
  await sleep(1000);
  memory = { minutes: memoryMinutes, warmMiB, endMiB: rssMiB(ours.pid!), peakMiB };
}

const run: BenchRun = {
  command: `npm run bench --${mode === 'full' ? ' --full' : ''}${enrollees !== 10_000 ? ` --enrollees ${enrollees}` : ''}`.replace(/ --$/, ''),
  mode,
  enrollees,
  databaseMiB: db.sizeMiB,
  connections,
  durationSeconds: duration,
  operations,
  memory,
  notes: [
    'Floor: a bare HTTP server that makes exactly the subgraph calls our query plan made for the same variables, with the same parallelism, and answers; no parsing, validation, planning or merging.',
    'Our gateway runs as deployed (NODE_ENV=production): it looks up the API key in Postgres and signs a fresh identity token per request. Hive Gateway passes on a pre-signed token instead, so it does less per request.',
    'SQL statements are counted at the subgraphs\' driver; our gateway adds one API-key lookup per request (not in the count).',
    'CPU per request: user + system time over the measured slices ÷ requests answered, for the gateway\'s processes (Hive\'s worker included), the subgraphs\' process, Postgres (postmaster and backends) and the machine (every core\'s busy time, load generator included). With the two cores saturated the machine figure is about 2,000 ÷ req/s; the parts show who spends it.',
  ],
};
writeRun('BENCHMARKS.md', run);
log(`Wrote BENCHMARKS.md (${run.command}).`);
stopAll();
process.exit(0);
