// `npm run bench:scale [-- --enrollees 779679] [--against 10000] [--duration S] [--operations a,b]`: our gateway's p95 on
// a large data set against a small one, measured in ONE run so the machine's drift between runs does
// not enter the ratio. Each data set gets its own subgraph process and gateway, on its own ports; the
// two are loaded in turn (small, large, large, small) per operation, with the same connections, and
// each operation loads pages of the same size at both scales (the table prints rows per response for
// both). An operation in PARTNER_VARIABLES is loaded a second time with the key of the partner
// organisation that has the most active clients at that scale ("upcomingHearings (partner)").
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { exportPKCS8, exportSPKI } from 'jose';
import { createKey } from '../gateway/auth/api-keys.js';
import { closeDriver, openDriver, queryRows, subgraphDb } from '../kit/database/db.js';
import { generateHopKeys } from '../kit/identity/hop-token.js';
import { ensureBenchDatabase } from './lib/bench/database.js';
import { busiestPartner, fiscalYearOf, measuredOperations, PARTNER_BUDGETS_ENV, PARTNER_VARIABLES, requestBody, rowsIn, variablePools, type Operation } from './lib/bench/fixtures.js';
import type { HostMessage, HostReply } from './lib/bench/ipc.js';
import type { LoadResult } from './lib/bench/load-worker.js';
import { percentile } from './lib/bench/percentile.js';
import { ensureBenchTools } from './lib/bench/tools.js';
import { assertPortsFree, buildDist, DIST, nextMessage, runLoad, spawnServer, stopAll, waitForHttp } from './lib/bench/processes.js';
import { machine, writeSection } from './lib/bench/report.js';

const { values } = parseArgs({ options: { enrollees: { type: 'string' }, against: { type: 'string' }, duration: { type: 'string' }, connections: { type: 'string' }, operations: { type: 'string' } } });
/** The canonical operations measured: all, or those `--operations` names. */
const OPERATIONS_MEASURED = measuredOperations(values.operations);
/** What is loaded: each operation with the staff key, and those with partner variables with a partner's too. */
interface Measured {
  label: string;
  op: Operation;
  caller: 'staff' | 'partner';
}
const MEASURED: Measured[] = OPERATIONS_MEASURED.flatMap((op) => [
  { label: op, op, caller: 'staff' as const },
  ...(PARTNER_VARIABLES[op] ? [{ label: `${op} (partner)`, op, caller: 'partner' as const }] : []),
]);
const large = Number(values.enrollees ?? 779_679);
const small = Number(values.against ?? 10_000);
const duration = Number(values.duration ?? 10);
const connections = Number(values.connections ?? 10);

process.on('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));

interface Scale {
  enrollees: number;
  host: ReturnType<typeof spawnServer>;
  databaseUrl: string;
  gatewayUrl: string;
  keys: Record<Measured['caller'], string>;
  /** The partner's active clients at this scale. */
  partnerClients: number;
  bodies: Record<string, string[]>;
  rowsPerResponse: Record<string, number>;
}

const hopKeys = await generateHopKeys();
const hopEnv = { HOP_PRIVATE_KEY: await exportPKCS8(hopKeys.privateKey), HOP_PUBLIC_KEY: await exportSPKI(hopKeys.publicKey), CURSOR_KEY: randomBytes(32).toString('base64'), WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64') };

/** Subgraphs on base+1..4 and a gateway on base for one data set, with a key and its variables. */
async function startScale(enrollees: number, base: number): Promise<Scale> {
  await assertPortsFree([base, base + 1, base + 2, base + 3, base + 4, base + 5, base + 6]);
  const db = await ensureBenchDatabase(enrollees);
  const driver = await openDriver({ databaseUrl: db.url, poolSize: 2 });
  const key = (await createKey(subgraphDb(driver), { name: `bench:scale ${new Date().toISOString()}`, kind: 'staff' })).key;
  const partner = await busiestPartner(driver);
  const partnerKey = (await createKey(subgraphDb(driver), { name: `bench:scale partner ${new Date().toISOString()}`, kind: 'partner', organizationId: partner.organizationId })).key;
  const keys = { staff: key, partner: partnerKey };
  const pools = await variablePools(driver);
  await closeDriver(driver);
  const host = spawnServer([`${DIST}scripts/lib/bench/subgraph-host.js`], { DATABASE_URL: db.url, NODE_ENV: 'production', SUBGRAPH_PORT_BASE: String(base), ...hopEnv }, { ipc: true, log: `subgraphs-${enrollees}.log` });
  await nextMessage<HostReply>(host, 'ready');
  // Every subgraph the host runs: one left out would be reached at the supergraph's routing URL, the
  // first data set's host (until 2026-12-03 the worklist was, so its national figures were the small set's).
  const urls = { ENROLLMENT_URL: 1, CHECKIN_URL: 2, DOCKET_URL: 3, LEGAL_URL: 4, WORKLIST_URL: 5, OUTCOMES_URL: 6 };
  spawnServer([`${DIST}gateway/index.js`], {
    DATABASE_URL: db.url, PORT: String(base), HOST: '127.0.0.1', NODE_ENV: 'production', ...hopEnv,
    ...PARTNER_BUDGETS_ENV,
    ...Object.fromEntries(Object.entries(urls).map(([name, offset]) => [name, `http://127.0.0.1:${base + offset}/graphql`])),
  }, { log: `gateway-${enrollees}.log` });
  const gatewayUrl = `http://127.0.0.1:${base}/graphql`;
  await waitForHttp(`http://127.0.0.1:${base}/healthz`);
  const bodies = Object.fromEntries(MEASURED.map(({ label, op, caller }) => [label, (caller === 'partner' ? PARTNER_VARIABLES[op]!() : pools[op]).map((v) => requestBody(op, v))]));
  const rowsPerResponse: Scale['rowsPerResponse'] = {};
  for (const { label, caller } of MEASURED) {
    let rows = 0;
    for (const body of bodies[label]!) {
      const answer = (await (await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[caller]}` }, body })).json()) as { data: Record<string, { edges?: unknown[] }>; errors?: unknown };
      if (answer.errors) throw new Error(`${label} at ${enrollees}: ${JSON.stringify(answer.errors).slice(0, 300)}`);
      rows += rowsIn(answer);
      if (!rowsIn(answer)) console.log(`  ${label} at ${enrollees}: an empty first page (${body.slice(-120)})`);
    }
    rowsPerResponse[label] = rows / bodies[label]!.length;
  }
  return { enrollees, host, databaseUrl: db.url, gatewayUrl, keys, partnerClients: partner.clients, bodies, rowsPerResponse };
}

console.log('Compiling (npm run build)...');
buildDist();
ensureBenchTools(process.env.CI === 'true');
console.log(`Starting subgraphs and a gateway for ${small.toLocaleString('en-US')} and for ${large.toLocaleString('en-US')} people...`);
const scales = { small: await startScale(small, 4000), large: await startScale(large, 4100) };

const load = (scale: Scale, { label, caller }: Measured, seconds: number) =>
  runLoad<LoadResult>({ url: scale.gatewayUrl, headers: { authorization: `Bearer ${scale.keys[caller]}` }, requests: scale.bodies[label]!.map((body) => ({ body })), connections, durationSeconds: seconds });

const rows: string[] = [];
for (const measured of MEASURED) {
  const op = measured.label;
  console.log(`Measuring ${op}...`);
  for (const scale of Object.values(scales)) await load(scale, measured, 2); // warm-up
  const latencies: Record<'small' | 'large', number[]> = { small: [], large: [] };
  let errors = 0;
  for (const which of ['small', 'large', 'large', 'small'] as const) {
    const result = await load(scales[which], measured, duration / 2);
    latencies[which].push(...result.latencies);
    errors += result.errors;
  }
  for (const pooled of Object.values(latencies)) pooled.sort((a, b) => a - b);
  const [p95Small, p95Large] = [percentile(latencies.small, 0.95), percentile(latencies.large, 0.95)];
  const [p50Small, p50Large] = [percentile(latencies.small, 0.5), percentile(latencies.large, 0.5)];
  console.log(`  p95 ${p95Small} ms at ${small}, ${p95Large} ms at ${large}: ratio ${(p95Large / p95Small).toFixed(2)}`);
  rows.push(
    `| ${op} | ${scales.small.rowsPerResponse[op]!.toFixed(1)} / ${scales.large.rowsPerResponse[op]!.toFixed(1)} | ${p50Small.toFixed(1)} / ${p50Large.toFixed(1)} | ${p95Small.toFixed(1)} ms | ${p95Large.toFixed(1)} ms | **${(p95Large / p95Small).toFixed(2)}** | ${errors} |`,
  );
}

/** What the gateway answers `query` with, errors thrown. */
async function ask<T>(scale: Scale, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(scale.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${scale.keys.staff}` }, body: JSON.stringify({ query, variables }) });
  const answer = (await response.json()) as { data: T; errors?: unknown };
  if (answer.errors) throw new Error(JSON.stringify(answer.errors).slice(0, 300));
  return answer.data;
}

const HELD = `query($fy: Int) { supervisionOutcomes(groupBy: [], fiscalYear: $fy) { rows { attendanceRate { denominator } } } }`;
const RECORD = `mutation($input: RecordHearingOutcomeInput!) { recordHearingOutcome(input: $input) { id } }`;

/**
 * Issue 15: a hearing outcome recorded through the gateway shows in supervisionOutcomes within 5 s.
 * Records the outcome of `count` hearings, each timed from the mutation's answer to the first answer
 * that counts it; the bench database keeps those outcomes. recordHearingOutcome refuses a hearing that
 * has not started, and on a day without hearings (a weekend) none has: then, as
 * test/outcomes.e2e.test.ts does, the soonest scheduled ones are moved to an hour ago in the docket's
 * own table. Their copies keep the time they were scheduled for, which is why such hearings are
 * taken only within the same fiscal year.
 */
async function outcomeFreshness(scale: Scale, count: number): Promise<{ delays: number[]; moved: number }> {
  scale.host.send({ type: 'events' } satisfies HostMessage);
  await nextMessage<HostReply>(scale.host, 'events-started');
  const driver = await openDriver({ databaseUrl: scale.databaseUrl, poolSize: 1 });
  const fiscalYear = `extract(year from (scheduled_at at time zone 'UTC') + interval '3 months')::int`;
  const pick = (started: boolean) =>
    queryRows<{ id: string; fy: number }>(driver, `select id::text, ${fiscalYear} as fy from docket.hearings where status = 'SCHEDULED'
      and ${started ? `scheduled_at < now() - interval '1 minute' order by scheduled_at desc` : `scheduled_at > now() and ${fiscalYear} = ${fiscalYearOf(new Date())} order by scheduled_at`}, id limit ${count}`);
  let due = await pick(true);
  let moved = 0;
  if (due.length === 0) {
    due = await pick(false);
    await queryRows(driver, `update docket.hearings set scheduled_at = now() - interval '1 hour' where id = any($1::uuid[])`, [due.map((h) => h.id)]);
    moved = due.length;
  }
  await closeDriver(driver);
  const held = async (fy: number) => (await ask<{ supervisionOutcomes: { rows: { attendanceRate: { denominator: number | null } }[] } }>(scale, HELD, { fy })).supervisionOutcomes.rows[0]!.attendanceRate.denominator;
  const delays: number[] = [];
  for (const hearing of due) {
    const before = await held(hearing.fy);
    await ask(scale, RECORD, { input: { hearingId: hearing.id, attendance: 'APPEARED' } });
    const recorded = performance.now();
    while ((await held(hearing.fy)) === before) {
      if (performance.now() - recorded > 30_000) throw new Error(`bench:scale: hearing ${hearing.id}'s outcome not counted after 30 s at ${scale.enrollees}`);
    }
    delays.push(performance.now() - recorded);
  }
  return { delays, moved };
}

let freshness = '';
if (OPERATIONS_MEASURED.includes('supervisionOutcomes')) {
  console.log('Timing a recorded hearing outcome until supervisionOutcomes counts it...');
  const { delays, moved } = await outcomeFreshness(scales.large, 5);
  freshness = `A hearing outcome recorded through the gateway at ${large.toLocaleString('en-US')} people was counted by supervisionOutcomes ${delays.map((d) => `${d.toFixed(0)}`).join(', ')} ms after the mutation answered (${delays.length} hearings, one at a time; goal 5 s)${moved ? `; no hearing had started, so these ${moved} were moved to an hour ago in the docket's table first` : ''}.`;
  console.log(`  ${freshness}`);
}

const command = `npm run bench:scale${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
writeSection('BENCHMARKS.md', `scale:${large}:${small}`, [
  `### Scale in one run: ${large.toLocaleString('en-US')} people against ${small.toLocaleString('en-US')}`,
  '',
  `Command: \`${command}\` — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; ${connections} connections, ${duration} s per scale and operation`,
  `(small, large, large, small); machine: ${machine()}. Goal: p95 ratio ≤ 1.25.`,
  ...(MEASURED.some((m) => m.caller === 'partner')
    ? [`"(partner)": the key of the organisation with the most active clients (${scales.small.partnerClients.toLocaleString('en-US')} at ${small.toLocaleString('en-US')}, ${scales.large.partnerClients.toLocaleString('en-US')} at ${large.toLocaleString('en-US')}); the other rows, one staff key.`]
    : []),
  '',
  `| operation | rows per response (small / large) | p50 ms (small / large) | p95 at ${small.toLocaleString('en-US')} | p95 at ${large.toLocaleString('en-US')} | ratio | errors |`,
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows,
  ...(freshness ? ['', freshness] : []),
].join('\n'));
console.log(`Wrote BENCHMARKS.md (${command}).`);
stopAll();
process.exit(0);
