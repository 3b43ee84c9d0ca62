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
import { closeDriver, openDriver, subgraphDb } from '../kit/database/db.js';
import { generateHopKeys } from '../kit/identity/hop-token.js';
import { ensureBenchDatabase } from './lib/bench/database.js';
import { busiestPartner, measuredOperations, PARTNER_BUDGETS_ENV, PARTNER_VARIABLES, requestBody, rowsIn, variablePools, type Operation } from './lib/bench/fixtures.js';
import type { HostReply } from './lib/bench/ipc.js';
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
  return { enrollees, gatewayUrl, keys, partnerClients: partner.clients, bodies, rowsPerResponse };
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
].join('\n'));
console.log(`Wrote BENCHMARKS.md (${command}).`);
stopAll();
process.exit(0);
