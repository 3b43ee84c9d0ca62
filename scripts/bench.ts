// `npm run bench [-- --full] [--enrollees N] [--connections C] [--duration S] [--variable-sets V]
// [--memory-minutes M] [--fetches-only] [--profile-subgraphs] [--operations a,b] [--partner]`: the canonical operations against our
// gateway, Hive Gateway (plain and with its Rust router runtime) and the physical floor, on the same
// subgraphs and data, in one run; tables printed and written to BENCHMARKS.md. Every server runs as
// deployed: compiled JavaScript (`npm run build` first), default logging, output to files.
// --partner: the whole run as a partner organisation calls, the one with the most active clients, with
// the variables PARTNER_VARIABLES gives (only operations that have them); its own section in BENCHMARKS.md.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { exportPKCS8, exportSPKI } from 'jose';
import { createKey } from '../gateway/auth/api-keys.js';
import { closeDriver, openDriver, queryRows, subgraphDb } from '../kit/database/db.js';
import { generateHopKeys } from '../kit/identity/hop-token.js';
import { ensureBenchDatabase } from './lib/bench/database.js';
import type { CallerJson } from './lib/bench/hop-tokens.js';
import { fetchShape, meanShape, profileTop, type FetchShape } from './lib/bench/fetch-shape.js';
import { busiestPartner, defaultVariableSets, PARTNER_BUDGETS_ENV, firstPageVariables, nextPage, operationDocument, OPERATION_VARIABLES, measuredOperations, PARTNER_VARIABLES, requestBody, rowsIn, sources, type Operation } from './lib/bench/fixtures.js';
import type { HostMessage, HostReply, Recording } from './lib/bench/ipc.js';
import type { LoadConfig, LoadResult } from './lib/bench/load-worker.js';
import { percentile } from './lib/bench/percentile.js';
import { ensureBenchTools, HIVE_GATEWAY_BIN, HIVE_GATEWAY_CONFIG } from './lib/bench/tools.js';
import { assertPortsFree, buildDist, collectGarbage, DIST, localPostmaster, logDirectory, machineBusySeconds, nextMessage, peakRss, runLoad, spawnServer, stopAll, treeCpuSeconds, treeRssMiB, waitForHttp } from './lib/bench/processes.js';
import { bindPlan, fetchCount, queryPlanner, type PlanStep } from './lib/bench/query-plan.js';
import { CPU_PARTS, TARGET_NAMES, TARGETS, writeRun, type BenchRun, type CpuPerRequest, type MemoryResult, type OperationResult, type Target, type TargetResult } from './lib/bench/report.js';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean' },
    enrollees: { type: 'string' },
    connections: { type: 'string' },
    duration: { type: 'string' },
    'memory-minutes': { type: 'string' },
    'variable-sets': { type: 'string' },
    'fetches-only': { type: 'boolean' },
    'profile-subgraphs': { type: 'boolean' },
    operations: { type: 'string' },
    partner: { type: 'boolean' },
  },
});
const caller = values.partner ? ('partner' as const) : ('staff' as const);
/** The canonical operations measured: all, or those `--operations` names. */
const MEASURED = measuredOperations(values.operations);
if (caller === 'partner') {
  const without = MEASURED.filter((op) => !PARTNER_VARIABLES[op]);
  if (without.length) throw new Error(`--partner: no partner variables for ${without.join(', ')} (name operations with --operations: ${Object.keys(PARTNER_VARIABLES).join(', ')})`);
}
const mode = values.full ? 'full' : 'smoke';
const enrollees = Number(values.enrollees ?? 10_000);
const connections = Number(values.connections ?? 10);
const duration = Number(values.duration ?? (mode === 'full' ? 20 : 6));
const warmup = mode === 'full' ? 5 : 1;
const unloadedSeconds = mode === 'full' ? 10 : 2;
const memoryMinutes = Number(values['memory-minutes'] ?? (mode === 'full' ? 2 : 0));
const variableSets = Number(values['variable-sets'] ?? defaultVariableSets(enrollees));
const log = (message: string) => console.log(message);
const started = Date.now();

process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));

const PORTS: Record<Exclude<Target, 'floor'>, number> = { ours: 4000, hive: 4010, hiveRouter: 4011 };
await assertPortsFree([4000, 4001, 4002, 4003, 4004, 4005, 4006, 4007, 4010, 4011, 4020]);
log('Compiling (npm run build)...');
buildDist();
ensureBenchTools(process.env.CI === 'true');
const db = await ensureBenchDatabase(enrollees);
log(`Database ${db.url.replace(/\/\/[^@]*@/, '//')}: ${Math.round(db.sizeMiB)} MiB${db.seededSeconds ? `, seeded in ${db.seededSeconds.toFixed(1)} s` : ''}. Server logs: ${logDirectory}`);

// One signing key for everyone: our gateway and both Hive targets mint per-caller tokens from the API
// key they verify; the floor mints the key's caller's tokens without checking it (scripts/lib/bench/hop-tokens.ts).
const hopKeys = await generateHopKeys();
const hopEnv = { HOP_PRIVATE_KEY: await exportPKCS8(hopKeys.privateKey), HOP_PUBLIC_KEY: await exportSPKI(hopKeys.publicKey) };
const driver = await openDriver({ databaseUrl: db.url, poolSize: 2 });
const partner = caller === 'partner' ? await busiestPartner(driver) : null;
const created = await createKey(subgraphDb(driver), { name: `bench ${new Date().toISOString()}`, kind: caller, organizationId: partner?.organizationId });
const apiKey = created.key;
const floorCaller: CallerJson = { kind: caller, id: created.id, scopes: created.scopes, organizationId: partner?.organizationId ?? null };
const from = await sources(driver, variableSets);
const [{ pid: backendPid }] = (await queryRows<{ pid: number }>(driver, 'select pg_backend_pid() as pid')) as [{ pid: number }];
const postmasterPid = localPostmaster(backendPid);
await closeDriver(driver);

log('Starting the subgraphs, our gateway and the two Hive Gateways...');
// Production settings: the keys a deployment configures (hop tokens, sealed cursors) are passed in.
const serverEnv = {
  DATABASE_URL: db.url, NODE_ENV: 'production', CURSOR_KEY: randomBytes(32).toString('base64'), WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'), ...hopEnv,
  ...PARTNER_BUDGETS_ENV,
};
const host = spawnServer([`${DIST}scripts/lib/bench/subgraph-host.js`], serverEnv, { ipc: true, log: 'subgraphs.log' });
await nextMessage<HostReply>(host, 'ready');
const ours = spawnServer([`${DIST}gateway/index.js`], { ...serverEnv, PORT: String(PORTS.ours), HOST: '127.0.0.1' }, { log: 'ours.log' });
const hiveArgs = (port: number) => [HIVE_GATEWAY_BIN, 'supergraph', 'schema/supergraph.graphql', '--port', String(port), '--host', '127.0.0.1', '--fork', '1', '-c', HIVE_GATEWAY_CONFIG];
const hive = spawnServer(hiveArgs(PORTS.hive), serverEnv, { log: 'hive.log' });
const hiveRouter = spawnServer(hiveArgs(PORTS.hiveRouter), { ...serverEnv, HIVE_ROUTER_RUNTIME: 'true' }, { log: 'hive-router.log' });
await waitForHttp(`http://127.0.0.1:${PORTS.ours}/healthz`);
await waitForHttp(`http://127.0.0.1:${PORTS.hive}/healthcheck`);
await waitForHttp(`http://127.0.0.1:${PORTS.hiveRouter}/healthcheck`);
const pids: Record<Target, number | null> = { floor: null, ours: ours.pid!, hive: hive.pid!, hiveRouter: hiveRouter.pid! };

const ask = async <T extends HostReply>(message: HostMessage, type: T['type']) => {
  const reply = nextMessage<T>(host, type);
  host.send(message);
  return reply;
};
const record = async <T>(work: () => Promise<T>): Promise<{ result: T; recording: Recording }> => {
  await ask({ type: 'record', on: true }, 'recorded');
  const result = await work();
  const recording = await ask<Extract<HostReply, { type: 'recorded' }>>({ type: 'record', on: false }, 'recorded');
  return { result, recording };
};

/** Runs `work` over `items`, `width` at a time, results in order. */
async function mapConcurrent<I, O>(items: readonly I[], width: number, work: (item: I, index: number) => Promise<O>): Promise<O[]> {
  const out: O[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const at = next++;
      out[at] = await work(items[at]!, at);
    }
  }));
  return out;
}

const gatewayUrl = (target: Exclude<Target, 'floor'>) => `http://127.0.0.1:${PORTS[target]}/graphql`;
/** One request to a gateway; returns the answer and the request id the subgraphs saw. */
async function ask1(target: Exclude<Target, 'floor'>, body: string): Promise<{ answer: Record<string, unknown>; requestId: string }> {
  const sent = `bench-${target}-${randomUUID()}`;
  // Our gateway assigns its own ids (and returns them); Hive forwards the client's.
  const response = await fetch(gatewayUrl(target), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, 'x-request-id': sent }, body });
  const answer = (await response.json()) as Record<string, unknown>;
  return { answer, requestId: target === 'ours' ? response.headers.get('x-request-id')! : sent };
}

// Variable sets: each operation's from the data, and for paged ones the later pages too (followed
// through our gateway, since cursors are opaque), up to `variableSets` per operation.
log(`Drawing up to ${variableSets} variable sets per operation...`);
const variables = {} as Record<Operation, Record<string, unknown>[]>;
for (const op of MEASURED) {
  const sets = caller === 'partner' ? PARTNER_VARIABLES[op]!().map((page) => ({ page })) : OPERATION_VARIABLES[op](from);
  const chosen = sets.filter((s) => !('page' in s)).map(firstPageVariables);
  // Pages are kept only when full, so every set of an operation loads a page of the same size.
  let frontier = sets.filter((s) => 'page' in s).map(firstPageVariables);
  while (frontier.length && chosen.length < variableSets) {
    const answers = await mapConcurrent(frontier, 4, async (vars) => {
      const { answer } = await ask1('ours', requestBody(op, vars));
      return { vars, full: rowsIn(answer as never) === vars.first, after: nextPage(answer as never) };
    });
    chosen.push(...answers.filter((a) => a.full).map((a) => a.vars));
    frontier = answers.flatMap(({ vars, after }) => (after ? [{ ...vars, after }] : []));
  }
  variables[op] = chosen.slice(0, variableSets);
  if (!variables[op].length) throw new Error(`${op}: no full page to load at ${enrollees} people (every set must fill one); seed more, e.g. --enrollees 2000`);
}
const bodies = Object.fromEntries(MEASURED.map((op) => [op, variables[op].map((v) => requestBody(op, v))])) as Record<Operation, string[]>;

/** An answer as text for comparison, without `asOf`: the instant each request was answered at, which no two share. */
const comparable = (answer: unknown) => JSON.stringify(answer, (key, value) => (key === 'asOf' ? undefined : value));

// Every variables set through all three gateways, recorded at the subgraphs: the answers must agree,
// and each set's calls through ours become the floor's script for it, bound to Apollo's query plan.
log('Recording every variables set through the three gateways (answers compared, plans bound)...');
const planOf = queryPlanner(readFileSync('schema/supergraph.graphql', 'utf8'));
const floorPlans = {} as Record<Operation, PlanStep[]>;
const gatewayIds = {} as Record<Operation, Record<Exclude<Target, 'floor'>, string>[]>;
const shapes = {} as Record<Operation, Record<Target, FetchShape[]>>;
const rowsPerResponse = {} as Record<Operation, number>;
let statementsSeen: Recording['statements'] = {};
for (const op of MEASURED) {
  const plan = planOf(operationDocument(op));
  const { result, recording } = await record(() =>
    mapConcurrent(bodies[op], 4, async (body) => {
      const [mine, theirs, router] = [await ask1('ours', body), await ask1('hive', body), await ask1('hiveRouter', body)];
      if (mine.answer.errors) throw new Error(`${op}: our gateway answered with errors: ${JSON.stringify(mine.answer.errors).slice(0, 300)}`);
      for (const [name, other] of [['Hive Gateway', theirs], ['Hive Gateway + router-runtime', router]] as const) {
        if (comparable(mine.answer) !== comparable(other.answer)) throw new Error(`${op}: ${name} and our gateway disagree on ${body.slice(-160)}: ${JSON.stringify(other.answer).slice(0, 300)}`);
      }
      return { ids: { ours: mine.requestId, hive: theirs.requestId, hiveRouter: router.requestId }, rows: rowsIn(mine.answer as never) };
    }),
  );
  gatewayIds[op] = result.map((r) => r.ids);
  rowsPerResponse[op] = result.reduce((n, r) => n + r.rows, 0) / result.length;
  floorPlans[op] = result.map((r) => bindPlan(plan, recording.calls[r.ids.ours] ?? []));
  shapes[op] = { floor: [], ours: [], hive: [], hiveRouter: [] };
  for (const r of result) for (const target of ['ours', 'hive', 'hiveRouter'] as const) shapes[op][target].push(fetchShape(recording.calls[r.ids[target]] ?? []));
  statementsSeen = { ...statementsSeen, ...recording.statements };
  log(`  ${op}: ${bodies[op].length} sets, ${(floorPlans[op].reduce((n, p) => n + fetchCount(p), 0) / bodies[op].length).toFixed(1)} fetches per request in Apollo's plan`);
}

const plansFile = join(mkdtempSync(join(tmpdir(), 'sg-bench-')), 'plans.json');
writeFileSync(plansFile, JSON.stringify(floorPlans));
const floor = spawnServer([`${DIST}scripts/lib/bench/floor-server.js`], { FLOOR_PLANS: plansFile, FLOOR_CALLER: JSON.stringify(floorCaller), HOP_PRIVATE_KEY: hopEnv.HOP_PRIVATE_KEY, PORT: '4020' }, { ipc: true, log: 'floor.log' });
await nextMessage(floor, 'ready');

// The same SQL per request from every target, or the comparison is void: each set once through the
// floor, counted per request id at the subgraphs beside the gateways' counts above.
const statementsPerRequest = {} as Record<Operation, Record<Target, number>>;
for (const op of MEASURED) {
  const { result: floorIds, recording } = await record(() =>
    mapConcurrent(bodies[op], 4, async (_body, i) => {
      const id = `bench-floor-${randomUUID()}`;
      const response = await fetch(`http://127.0.0.1:4020/${op}/${i}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body: '{}' });
      if (!response.ok) throw new Error(`${op}: the floor failed set ${i} (${response.status})`);
      await response.text();
      return id;
    }),
  );
  const mismatches: string[] = [];
  const totals: Record<Target, number> = { floor: 0, ours: 0, hive: 0, hiveRouter: 0 };
  bodies[op].forEach((body, i) => {
    const counts: Record<Target, number> = {
      floor: recording.statements[floorIds[i]!] ?? 0,
      ours: statementsSeen[gatewayIds[op][i]!.ours] ?? 0,
      hive: statementsSeen[gatewayIds[op][i]!.hive] ?? 0,
      hiveRouter: statementsSeen[gatewayIds[op][i]!.hiveRouter] ?? 0,
    };
    for (const target of TARGETS) totals[target] += counts[target];
    if (new Set(Object.values(counts)).size > 1) mismatches.push(`${JSON.stringify(counts)} for ${body.slice(body.indexOf('"variables"'))}`);
  });
  for (const call of Object.values(recording.calls)) shapes[op].floor.push(fetchShape(call));
  if (mismatches.length) throw new Error(`${op}: the targets sent different SQL for ${mismatches.length} of ${bodies[op].length} variable sets, e.g. ${mismatches[0]}`);
  statementsPerRequest[op] = Object.fromEntries(TARGETS.map((t) => [t, totals[t] / bodies[op].length])) as Record<Target, number>;
  log(`  ${op}: ${statementsPerRequest[op].ours.toFixed(1)} SQL statements per request from every target`);
}

if (values['fetches-only']) {
  for (const op of MEASURED) {
    log(`\n${op}: subgraph requests per client request (mean of ${bodies[op].length} sets)`);
    for (const target of TARGETS) log(`  ${TARGET_NAMES[target].padEnd(48)} ${JSON.stringify(meanShape(shapes[op][target]))}`);
  }
  const sample = gatewayIds.caseload?.[0];
  if (sample) {
    const { recording } = await record(async () => {
      for (const target of ['ours', 'hive', 'hiveRouter'] as const) await ask1(target, bodies.caseload[0]!);
    });
    writeFileSync(join(logDirectory, 'caseload-fetches.json'), JSON.stringify(recording.calls, null, 1));
    log(`\nOne caseload request's subgraph calls through each gateway: ${join(logDirectory, 'caseload-fetches.json')}`);
  }
  stopAll();
  process.exit(0);
}

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

type Load = Omit<LoadConfig, 'connections' | 'durationSeconds'>;

async function slice(config: Load, pid: number | null, seconds: number, clients = connections): Promise<Slice> {
  const run = () => runLoad<LoadResult>({ ...config, connections: clients, durationSeconds: seconds });
  const before = cpuNow(pid);
  const { result, peakMiB } = pid ? await peakRss(pid, run) : { result: await run(), peakMiB: null };
  const after = cpuNow(pid);
  const cpu = Object.fromEntries(Object.entries(after).map(([part, value]) => [part, value === null ? null : value - before[part as keyof CpuPerRequest]!])) as Slice['cpu'];
  return { result, peakMiB, cpu };
}

/** Two slices of one target measured apart merged into one result (all latencies pooled). */
function merge(slices: Slice[], statements: number): TargetResult {
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
    statementsPerRequest: statements,
    peakRssMiB: peaks.length ? Math.max(...peaks) : null,
    cpuMsPerRequest: Object.fromEntries(
      CPU_PARTS.map((part) => [part, slices[0]!.cpu[part] === null ? null : (slices.reduce((t, s) => t + s.cpu[part]!, 0) * 1000) / latencies.length]),
    ) as unknown as CpuPerRequest,
  };
}

const gatewayLoad = (target: Exclude<Target, 'floor'>, requests: { body: string }[]): Load => ({ url: gatewayUrl(target), headers: { authorization: `Bearer ${apiKey}` }, requests });
const loads = (op: Operation): Record<Target, Load> => ({
  floor: { url: 'http://127.0.0.1:4020/', headers: {}, requests: bodies[op].map((_, i) => ({ path: `/${op}/${i}`, body: '{}' })) },
  ours: gatewayLoad('ours', bodies[op].map((body) => ({ body }))),
  hive: gatewayLoad('hive', bodies[op].map((body) => ({ body }))),
  hiveRouter: gatewayLoad('hiveRouter', bodies[op].map((body) => ({ body }))),
});

const operations: OperationResult[] = [];
const profiles: string[] = [];
for (const op of MEASURED) {
  log(`Measuring ${op} (${bodies[op].length} variable sets)...`);
  const targets = loads(op);
  // Warm every target, then measure in the order A B C D D C B A, half the time each, so no target
  // gains from running later (warmer caches) or loses from running while the machine is busier.
  for (const target of TARGETS) await slice(targets[target], pids[target], warmup);
  const slices: Record<Target, Slice[]> = { floor: [], ours: [], hive: [], hiveRouter: [] };
  for (const target of [...TARGETS, ...[...TARGETS].reverse()]) slices[target].push(await slice(targets[target], pids[target], duration / 2));
  const results = Object.fromEntries(TARGETS.map((t) => [t, merge(slices[t], statementsPerRequest[op][t])])) as Record<Target, TargetResult>;
  // One client at a time, floor then ours: the latency the gateway adds when nothing queues for the
  // two cores, which the loaded p50 above mixes with the CPU the gateway takes from the subgraphs.
  const unloadedP50 = {
    floor: (await slice(targets.floor, null, unloadedSeconds, 1)).result.p50,
    ours: (await slice(targets.ours, null, unloadedSeconds, 1)).result.p50,
  };
  if (values['profile-subgraphs']) {
    // The subgraph process's CPU profile under each target's load, same length, same connections.
    for (const target of TARGETS) {
      const file = join(logDirectory, `subgraphs-${op}-${target}.cpuprofile`);
      await ask({ type: 'profile', on: true }, 'profiled');
      const { result } = await slice(targets[target], pids[target], duration / 2);
      await ask({ type: 'profile', on: false, file }, 'profiled');
      const top = profileTop(JSON.parse(readFileSync(file, 'utf8')));
      profiles.push(`${op} under ${TARGET_NAMES[target]} (${result.requests} requests; ${file}):`, ...top.map((t) => `  ${(t.share * 100).toFixed(1).padStart(5)}%  ${t.name}`));
    }
  }
  const fetches = Object.fromEntries(TARGETS.map((t) => [t, meanShape(shapes[op][t])])) as Record<Target, FetchShape>;
  operations.push({ operation: op, variableSets: bodies[op].length, rowsPerResponse: rowsPerResponse[op], results, fetches, unloadedP50 });
  log(`  ${TARGETS.map((t) => `${t} ${results[t].requestsPerSecond.toFixed(0)} req/s p50 ${results[t].p50} ms`).join(' | ')}`);
}
if (profiles.length) {
  writeFileSync(join(logDirectory, 'subgraph-profiles.txt'), `${profiles.join('\n')}\n`);
  log(profiles.join('\n'));
}

let memory: BenchRun['memory'];
if (memoryMinutes > 0) {
  // Each gateway under the same mixed load for the same time; memory is sampled twice while the load
  // runs (after a fifth of it, and just before it ends), each time right after a forced full GC in
  // every process of the gateway, so the figures compare live heaps, not garbage awaiting collection.
  const results: MemoryResult[] = [];
  const mixed = MEASURED.flatMap((op) => bodies[op].map((body) => ({ body })));
  const seconds = Math.round(memoryMinutes * 60);
  for (const target of ['ours', 'hive', 'hiveRouter'] as const) {
    log(`Memory: ${memoryMinutes} minutes of mixed load on ${TARGET_NAMES[target]}...`);
    const pid = pids[target]!;
    const sampled = (async () => {
      await sleep(seconds * 200);
      await collectGarbage(pid);
      const warmMiB = treeRssMiB(pid);
      await sleep(seconds * 800 - 3_000);
      await collectGarbage(pid);
      return { warmMiB, endMiB: treeRssMiB(pid) };
    })();
    const { peakMiB } = await peakRss(pid, () => runLoad<LoadResult>({ ...gatewayLoad(target, mixed), connections, durationSeconds: seconds }));
    results.push({ target, ...(await sampled), peakMiB });
  }
  memory = { minutes: memoryMinutes, results };
}

const args = process.argv.slice(2);
const run: BenchRun = {
  command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
  mode,
  caller: partner ? { kind: 'partner', clients: partner.clients } : { kind: 'staff' },
  enrollees,
  databaseMiB: db.sizeMiB,
  connections,
  durationSeconds: duration,
  operations,
  memory,
  notes: [
    "Floor: a bare HTTP server that walks Apollo's query plan for the operation (the planner @apollo/gateway uses, on the same supergraph) and sends each fetch's body as our gateway sent it for that variables set, in the plan's order and parallelism, and answers; no parsing, validation, planning or merging. The run fails unless every target sends the subgraphs the same number of SQL statements for every variables set (counted per request at the subgraphs' driver).",
    'Every server runs as deployed: compiled JavaScript from `npm run build` (dist/), NODE_ENV=production, its default logging (ours and the subgraphs at info, one line per request; Hive Gateway at its default), output written to files.',
    "Same per-request work: our gateway checks the API key (in-memory key cache invalidated by LISTEN/NOTIFY, gateway/auth/key-cache.ts), enforces @requiresScopes / @authenticated before planning, and forwards an EdDSA identity token per caller and subgraph (bound to it, narrowed to its scopes, reused for 30 s); it also applies its rate limits and request limits. Both Hive targets check the same key with the same compiled code in Hive's generic auth plugin, enforce the supergraph's @requiresScopes / @authenticated with it, and mint the same tokens with the same signer per subgraph fetch (scripts/bench-tools/hive-gateway.config.mjs).",
    'SQL statements are counted at the subgraphs\' driver; the API-key lookups (cached) are not in the count.',
    "CPU per request: user + system time over the measured slices ÷ requests answered, for the gateway's processes (Hive's worker included), the subgraphs' process, Postgres (postmaster and backends) and the machine (every core's busy time, load generator included). With the two cores saturated the machine figure is about 2,000 ÷ req/s; the parts show who spends it.",
  ],
};
writeRun('BENCHMARKS.md', run);
log(`Wrote BENCHMARKS.md (${run.command}) in ${((Date.now() - started) / 60_000).toFixed(1)} minutes.`);
stopAll();
process.exit(0);
