// Argument parsing and output for `npm run seed` and `npm run bench:seed`.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { DEFAULT_SEED, type SeedSummary } from './index.js';
import { TABLES, TABLE_KEYS } from './tables.js';

export interface SeedArgs {
  enrollees: number;
  seed: number;
  asOf?: Date;
  reset: boolean;
}

export function parseSeedArgs(argv: string[], defaults: { enrollees: number }): SeedArgs {
  const { values } = parseArgs({
    args: argv,
    options: { enrollees: { type: 'string' }, seed: { type: 'string' }, 'as-of': { type: 'string' }, reset: { type: 'boolean' } },
  });
  const enrollees = Number(values.enrollees ?? defaults.enrollees);
  const seed = Number(values.seed ?? DEFAULT_SEED);
  if (!Number.isInteger(enrollees) || enrollees < 0) throw new Error(`--enrollees must be a non-negative integer, got ${values.enrollees}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got ${values.seed}`);
  let asOf: Date | undefined;
  if (values['as-of'] !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values['as-of'])) throw new Error(`--as-of must be YYYY-MM-DD, got ${values['as-of']}`);
    asOf = new Date(`${values['as-of']}T00:00:00Z`);
    if (Number.isNaN(asOf.getTime())) throw new Error(`--as-of is not a date: ${values['as-of']}`);
  }
  return { enrollees, seed, asOf, reset: values.reset ?? false };
}

export interface SeedReporter {
  onProgress: (done: number, total: number) => void;
  onPhase: (phase: string) => void;
  stop: () => void;
  /** How long each step took ("loading the people 812.3 s; …"), on a terminal or not. */
  steps: () => string;
}

/** A progress bar on an interactive terminal; nothing per chunk otherwise (CI logs stay short). Steps are timed either way. */
export function progressReporter(label: string): SeedReporter {
  const timed: { name: string; at: number }[] = [{ name: 'loading the people', at: performance.now() }];
  let ended: number | undefined;
  const steps = () => timed.map((p, i) => `${p.name} ${(((timed[i + 1]?.at ?? ended ?? performance.now()) - p.at) / 1000).toFixed(1)} s`).join('; ');
  if (!process.stdout.isTTY || process.env.CI) {
    return { onProgress: () => {}, onPhase: (name) => void timed.push({ name, at: performance.now() }), stop: () => void (ended ??= performance.now()), steps };
  }
  const bar = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} people | ETA {eta_formatted}` }, cliProgress.Presets.shades_classic);
  let started = false;
  const endPhase = () => console.log(`${label}: ${timed.at(-1)!.name}: ${((performance.now() - timed.at(-1)!.at) / 1000).toFixed(1)} s`);
  return {
    onProgress(done, total) {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    onPhase(name) {
      if (started) bar.stop();
      started = false;
      endPhase();
      timed.push({ name, at: performance.now() });
      console.log(`${label}: ${name}...`);
    },
    stop: () => {
      if (started) bar.stop();
      if (ended === undefined) endPhase();
      ended ??= performance.now();
    },
    steps,
  };
}

export function formatSummary(summary: SeedSummary, databaseBytes?: number): string {
  const width = Math.max(...TABLE_KEYS.map((t) => TABLES[t][0].length));
  const lines = TABLE_KEYS.map((t) => `  ${TABLES[t][0].padEnd(width)}  ${summary.counts[t].toLocaleString('en-US').padStart(12)}`);
  lines.push(`  ${'total'.padEnd(width)}  ${summary.rows.toLocaleString('en-US').padStart(12)}`);
  const size = databaseBytes === undefined ? '' : `, database size ${(databaseBytes / 2 ** 20).toFixed(0)} MiB`;
  lines.push(`${summary.seconds.toFixed(1)} s, ${summary.rowsPerSecond.toLocaleString('en-US')} rows/s${size}`);
  return lines.join('\n');
}
