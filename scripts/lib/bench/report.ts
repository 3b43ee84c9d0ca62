// The benchmark's tables, printed and written into BENCHMARKS.md between markers per data-set size,
// so a smoke run, a full run and a national-scale run each keep their own section.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { FetchShape } from './fetch-shape.js';
import type { LoadResult } from './load-worker.js';

export interface TargetResult extends LoadResult {
  statementsPerRequest: number | null;
  peakRssMiB: number | null;
  cpuMsPerRequest: CpuPerRequest;
}

/** The parts of the system whose CPU the benchmark measures, in table order. */
export const CPU_PARTS = ['gateway', 'subgraphs', 'postgres', 'machine'] as const;

/** CPU milliseconds per request answered; null where not measured (the floor's gateway; a remote Postgres). */
export interface CpuPerRequest {
  gateway: number | null;
  subgraphs: number | null;
  postgres: number | null;
  /** Every core's busy time, load generator included. */
  machine: number | null;
}

/** The targets measured, in table order. */
export const TARGETS = ['floor', 'ours', 'hive', 'hiveRouter'] as const;
export type Target = (typeof TARGETS)[number];
export const TARGET_NAMES: Record<Target, string> = {
  floor: 'physical floor (Apollo\'s plan, direct subgraph calls)',
  ours: 'our gateway',
  hive: 'Hive Gateway',
  hiveRouter: 'Hive Gateway + router-runtime (Rust planner)',
};

export interface OperationResult {
  operation: string;
  /** Variable sets the load drew from. */
  variableSets: number;
  /** Mean rows per response over the variable sets: a page's edges, or 1 for a single person. */
  rowsPerResponse: number;
  results: Record<Target, TargetResult>;
  /** What each target asked of the subgraphs per request (mean over the variable sets). */
  fetches: Record<Target, FetchShape>;
  /** p50 with one client, so nothing queues: the floor's and ours. */
  unloadedP50: { floor: number; ours: number };
}

export interface MemoryResult {
  target: Exclude<Target, 'floor'>;
  /** RSS of the server's processes after a forced GC, under load, after the warm-up and at the end. */
  warmMiB: number;
  endMiB: number;
  peakMiB: number;
}

export interface BenchRun {
  command: string;
  mode: 'smoke' | 'full';
  /** Who every request is from: the one staff key, or the partner with the most active clients (--partner). */
  caller: { kind: 'staff' } | { kind: 'partner'; clients: number };
  enrollees: number;
  databaseMiB: number;
  connections: number;
  durationSeconds: number;
  operations: OperationResult[];
  memory?: { minutes: number; results: MemoryResult[] };
  notes: string[];
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

/** The faster Hive target of an operation (req/s). */
export const fasterHive = (op: OperationResult): 'hive' | 'hiveRouter' => (op.results.hiveRouter.requestsPerSecond > op.results.hive.requestsPerSecond ? 'hiveRouter' : 'hive');

export function renderRun(run: BenchRun, when: Date): string {
  const lines = [
    `### ${run.enrollees.toLocaleString('en-US')} people, ${run.mode} run${run.caller.kind === 'partner' ? ', as a partner' : ''}`,
    '',
    ...(run.caller.kind === 'partner' ? [`Every request with the key of the partner organisation with the most active clients (${run.caller.clients.toLocaleString('en-US')}), from every target.`, ''] : []),
    `Command: \`${run.command}\` — ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC, database ${Math.round(run.databaseMiB).toLocaleString('en-US')} MiB,`,
    `${run.connections} connections × ${run.durationSeconds} s per target and operation; machine: ${machine()}.`,
    '',
  ];
  for (const op of run.operations) {
    lines.push(`**${op.operation}** (${f1(op.rowsPerResponse)} rows per response, ${op.variableSets.toLocaleString('en-US')} variable sets)`, '', '| target | req/s | p50 ms | p95 ms | p99 ms | errors | SQL statements / request | subgraph fetches / request | peak RSS MiB | CPU ms / request: gateway | subgraphs | Postgres | machine |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const target of TARGETS) {
      const r = op.results[target];
      lines.push(`| ${TARGET_NAMES[target]} | ${f1(r.requestsPerSecond)} | ${f1(r.p50)} | ${f1(r.p95)} | ${f1(r.p99)} | ${r.errors} | ${r.statementsPerRequest === null ? '' : f1(r.statementsPerRequest)} | ${f1(op.fetches[target].fetches)} | ${r.peakRssMiB === null ? '' : Math.round(r.peakRssMiB)} | ${CPU_PARTS.map((part) => (r.cpuMsPerRequest[part] === null ? '' : f1(r.cpuMsPerRequest[part]!))).join(' | ')} |`);
    }
    const peer = fasterHive(op);
    lines.push(
      '',
      `Ratios: our req/s ÷ the faster Hive's (${TARGET_NAMES[peer]}) = **${f2(op.results.ours.requestsPerSecond / op.results[peer].requestsPerSecond)}** (target ≥ 1.0; ÷ plain Hive ${f2(op.results.ours.requestsPerSecond / op.results.hive.requestsPerSecond)}, ÷ router-runtime ${f2(op.results.ours.requestsPerSecond / op.results.hiveRouter.requestsPerSecond)}); our p50 ÷ floor p50 = **${f2(op.results.ours.p50 / op.results.floor.p50)}** (target ≤ 1.2); our req/s ÷ floor's = ${f2(op.results.ours.requestsPerSecond / op.results.floor.requestsPerSecond)}.`,
      '',
      `One client at a time (nothing queues): our p50 ${f1(op.unloadedP50.ours)} ms ÷ floor p50 ${f1(op.unloadedP50.floor)} ms = **${f2(op.unloadedP50.ours / op.unloadedP50.floor)}**.`,
      '',
      'Subgraph requests per client request (mean over the variable sets):',
      '',
      '| target | fetches | body bytes | query chars | variables bytes | representations | of them repeats | `__typename` | headers |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---|',
      ...TARGETS.filter((t) => t !== 'floor').map((t) => {
        const s = op.fetches[t];
        return `| ${TARGET_NAMES[t]} | ${f1(s.fetches)} | ${Math.round(s.bodyBytes)} | ${Math.round(s.queryChars)} | ${Math.round(s.variablesBytes)} | ${f1(s.representations)} | ${f1(s.duplicateRepresentations)} | ${f1(s.typenames)} | ${s.headers} |`;
      }),
      '',
    );
  }
  if (run.memory) {
    lines.push(
      `**Memory** under ${run.memory.minutes} minutes of mixed load per gateway (all operations), RSS of all the gateway's processes after a forced GC, sampled while the load runs:`,
      '',
      '| gateway | after warm-up MiB | at the end MiB | growth | peak RSS MiB |',
      '|---|---:|---:|---:|---:|',
      ...run.memory.results.map((m) => {
        const growth = ((m.endMiB - m.warmMiB) / m.warmMiB) * 100;
        return `| ${TARGET_NAMES[m.target]} | ${Math.round(m.warmMiB)} | ${Math.round(m.endMiB)} | ${growth >= 0 ? '+' : ''}${f1(growth)}% | ${Math.round(m.peakMiB)} |`;
      }),
      '',
    );
  }
  for (const note of run.notes) lines.push(`- ${note}`);
  return lines.join('\n').trimEnd();
}

/** Replaces (or appends) this run's section in BENCHMARKS.md. */
export function writeRun(file: string, run: BenchRun, when = new Date()): void {
  writeSection(file, `bench:${run.enrollees}:${run.mode}${run.caller.kind === 'partner' ? ':partner' : ''}`, renderRun(run, when));
}

/** Replaces (or appends) the section between `<!-- name -->` and `<!-- /name -->` in the file. */
export function writeSection(file: string, name: string, body: string): void {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const section = `${start}\n${body}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (!text.includes('## Gateway benchmark')) {
    text = `${text.trimEnd()}\n\n## Gateway benchmark\n\nReproduce with \`npm run bench\` (smoke) or \`npm run bench -- --full\`; \`--enrollees N\` picks the data-set size\n(default 10,000). The method is described in scripts/bench.ts.\n`;
  }
  const at = text.indexOf(start);
  text = at >= 0 ? text.slice(0, at) + section + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}
