// What one measurement of bench:events is: run on one transport's system, it returns the rows of
// its table. The script runs every measurement in MEASUREMENTS (scripts/bench-events.ts) on every
// transport and prints one table per measurement; another measurement (webhook delivery latency,
// say) is one more file here and one more entry in that list.
import { percentile } from '../percentile.js';
import type { BenchSystem, TransportName } from './harness.js';

export interface BenchArgs {
  /** Writes per second of the steady mixed load. */
  rate: number;
  /** How long the lag is recorded under that load. */
  seconds: number;
  /** Events in the backlog drained. */
  backlog: number;
  /** People seeded per transport's database. */
  enrollees: number;
  /** Rounds (file, change, withdraw) per block of the outbox-overhead measurement. */
  rounds: number;
  transports: TransportName[];
  natsUrl: string;
}

export interface Table {
  title: string;
  /** What the numbers mean and how they were taken, printed under the title. */
  description: string;
  columns: string[];
  rows: string[][];
}

export interface Measurement {
  name: string;
  title: string;
  description: string;
  columns: string[];
  /** Runs with the transport's events started, and leaves them started; returns rows, transport first. */
  run(bench: BenchSystem, args: BenchArgs): Promise<string[][]>;
}

export const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

/** p50 / p95 / p99 / max of samples, as table cells (ms). */
export function spread(samples: readonly number[]): string[] {
  const sorted = [...samples].sort((a, b) => a - b);
  return [percentile(sorted, 0.5), percentile(sorted, 0.95), percentile(sorted, 0.99), sorted.at(-1) ?? 0].map(ms);
}

export const median = (samples: readonly number[]) => percentile([...samples].sort((a, b) => a - b), 0.5);

export const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));
