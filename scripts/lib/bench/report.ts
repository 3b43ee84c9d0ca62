// The benchmark's tables, printed and written into BENCHMARKS.md between markers per data-set size,
// so a smoke run, a full run and a national-scale run each keep their own section.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
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

export interface OperationResult {
  operation: string;
  /** Mean rows per response over the variable sets: a page's edges, or 1 for a single person. */
  rowsPerResponse: number;
  floor: TargetResult;
  ours: TargetResult;
  hive: TargetResult;
  /** p50 with one client, so nothing queues: the floor's and ours. */
  unloadedP50: { floor: number; ours: number };
}

export interface BenchRun {
  command: string;
  mode: 'smoke' | 'full';
  enrollees: number;
  databaseMiB: number;
  connections: number;
  durationSeconds: number;
  operations: OperationResult[];
  memory?: { minutes: number; warmMiB: number; endMiB: number; peakMiB: number };
  notes: string[];
}

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`;
}

export function renderRun(run: BenchRun, when: Date): string {
  const lines = [
    `### ${run.enrollees.toLocaleString('en-US')} people, ${run.mode} run`,
    '',
    `Command: \`${run.command}\` — ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC, database ${Math.round(run.databaseMiB).toLocaleString('en-US')} MiB,`,
    `${run.connections} connections × ${run.durationSeconds} s per target and operation; machine: ${machine()}.`,
    '',
  ];
  for (const op of run.operations) {
    lines.push(`**${op.operation}** (${f1(op.rowsPerResponse)} rows per response)`, '', '| target | req/s | p50 ms | p95 ms | p99 ms | errors | SQL statements / request | peak RSS MiB | CPU ms / request: gateway | subgraphs | Postgres | machine |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const [name, r] of [['physical floor (direct subgraph calls)', op.floor], ['our gateway', op.ours], ['Hive Gateway', op.hive]] as const) {
      lines.push(`| ${name} | ${f1(r.requestsPerSecond)} | ${f1(r.p50)} | ${f1(r.p95)} | ${f1(r.p99)} | ${r.errors} | ${r.statementsPerRequest === null ? '' : f1(r.statementsPerRequest)} | ${r.peakRssMiB === null ? '' : Math.round(r.peakRssMiB)} | ${CPU_PARTS.map((part) => (r.cpuMsPerRequest[part] === null ? '' : f1(r.cpuMsPerRequest[part]!))).join(' | ')} |`);
    }
    lines.push(
      '',
      `Ratios: our req/s ÷ Hive's = **${f2(op.ours.requestsPerSecond / op.hive.requestsPerSecond)}** (target ≥ 1.0); our p50 ÷ floor p50 = **${f2(op.ours.p50 / op.floor.p50)}** (target ≤ 1.3); our req/s ÷ floor's = ${f2(op.ours.requestsPerSecond / op.floor.requestsPerSecond)}.`,
      '',
      `One client at a time (nothing queues): our p50 ${f1(op.unloadedP50.ours)} ms ÷ floor p50 ${f1(op.unloadedP50.floor)} ms = **${f2(op.unloadedP50.ours / op.unloadedP50.floor)}**.`,
      '',
    );
  }
  if (run.memory) {
    const growth = ((run.memory.endMiB - run.memory.warmMiB) / run.memory.warmMiB) * 100;
    lines.push(
      `**Memory**: our gateway under ${run.memory.minutes} minutes of mixed load: ${Math.round(run.memory.warmMiB)} MiB after warm-up, ${Math.round(run.memory.endMiB)} MiB at the end (${growth >= 0 ? '+' : ''}${f1(growth)}%; target ≤ +10%), peak ${Math.round(run.memory.peakMiB)} MiB.`,
      '',
    );
  }
  for (const note of run.notes) lines.push(`- ${note}`);
  return lines.join('\n').trimEnd();
}

/** Replaces (or appends) this run's section in BENCHMARKS.md. */
export function writeRun(file: string, run: BenchRun, when = new Date()): void {
  writeSection(file, `bench:${run.enrollees}:${run.mode}`, renderRun(run, when));
}

/** Replaces (or appends) the section between `<!-- name -->` and `<!-- /name -->` in the file. */
export function writeSection(file: string, name: string, body: string): void {
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const section = `${start}\n${body}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (!text.includes('## Gateway benchmark')) {
    text = `${text.trimEnd()}\n\n## Gateway benchmark\n\nReproduce with \`npm run bench\` (smoke, about 2 minutes) or \`npm run bench -- --full\` (about 12 minutes);\n\`--enrollees N\` picks the data-set size (default 10,000). Each target is loaded from a separate process by\nautocannon on loopback; the gateway, Hive Gateway, the floor and the subgraphs each run in their own process.\n`;
  }
  const at = text.indexOf(start);
  text = at >= 0 ? text.slice(0, at) + section + text.slice(text.indexOf(end) + end.length) : `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
}
