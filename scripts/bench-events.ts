// `npm run bench:events [-- --rate 50 --seconds 30 --backlog 100000 --enrollees 300 --rounds 30 --transports in-process,nats]`:
// the domain events measured on each transport, each on a scratch database of its own (PGlite in
// memory, or a new database on the DATABASE_URL server): lag from commit to applied in every copy
// under a steady mixed write load, the rate a backlog drains at, and what the outbox adds to a
// mutation. Prints Markdown for BENCHMARKS.md; progress on a terminal, quiet when CI=true.
// NATS: the broker at NATS_URL (default the local one), under stream names of this run's own.
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { configureLogging } from '../kit/observability/log.js';
import { backlogDrain } from './lib/bench/events/drain.js';
import { startBenchSystem, type TransportName } from './lib/bench/events/harness.js';
import { lagUnderLoad } from './lib/bench/events/lag.js';
import type { BenchArgs, Measurement } from './lib/bench/events/measurement.js';
import { outboxOverhead } from './lib/bench/events/overhead.js';
import { note } from './lib/bench/events/progress.js';

/** In order, on each transport: the overhead on a fresh system, then lag under load, then the backlog (which leaves a large outbox behind). */
const MEASUREMENTS: Measurement[] = [outboxOverhead, lagUnderLoad, backlogDrain];

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '30' },
    backlog: { type: 'string', default: '100000' },
    enrollees: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '30' },
    transports: { type: 'string', default: 'in-process,nats' },
    only: { type: 'string' },
  },
});
const args: BenchArgs = {
  rate: Number(values.rate),
  seconds: Number(values.seconds),
  backlog: Number(values.backlog),
  enrollees: Number(values.enrollees),
  rounds: Number(values.rounds),
  transports: values.transports!.split(',') as TransportName[],
  natsUrl: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
};
const measurements = values.only ? MEASUREMENTS.filter((m) => values.only!.split(',').includes(m.name)) : MEASUREMENTS;

// The system's own logs would bury the progress line; warnings and errors still show.
configureLogging({ level: process.env.LOG_LEVEL ?? 'warn' });
const load = (l: number[]) => l.map((n) => n.toFixed(1)).join(' / ');
const loadBefore = loadavg();
const rows = new Map<string, string[][]>(measurements.map((m) => [m.name, []]));
const started = performance.now();
for (const transport of args.transports) {
  note(`${transport}: seeding ${args.enrollees} people into a scratch database…`);
  const bench = await startBenchSystem(transport, args);
  try {
    await bench.startEvents();
    for (const measurement of measurements) {
      note(`${transport}: ${measurement.title.toLowerCase()}`);
      rows.get(measurement.name)!.push(...(await measurement.run(bench, args)));
    }
  } finally {
    await bench.close();
  }
}
const loadAfter = loadavg();

const command = `npm run bench:events -- ${process.argv.slice(2).join(' ')}`.trim();
const database = process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL server, same machine)' : 'PGlite in memory (one process, one backend)';
const lines = [
  '```sh',
  process.env.DATABASE_URL ? `DATABASE_URL=${process.env.DATABASE_URL.replace(/\/\/[^@]*@/, '//…@')} ${command}` : command,
  '```',
  '',
  `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${database}, NATS at ${args.natsUrl}. ` +
    `Load average (1/5/15 min) ${load(loadBefore)} before and ${load(loadAfter)} after; ${((performance.now() - started) / 1000).toFixed(0)} s in all. ` +
    `${args.rate} writes/s for ${args.seconds} s, a backlog of ${args.backlog.toLocaleString('en-US')} events, ${args.rounds} rounds per overhead block, ${args.enrollees} people seeded.`,
];
for (const measurement of measurements) {
  lines.push('', `#### ${measurement.title}`, '', measurement.description, '', `| ${measurement.columns.join(' | ')} |`, `|${measurement.columns.map(() => '---').join('|')}|`);
  for (const row of rows.get(measurement.name)!) lines.push(`| ${row.join(' | ')} |`);
}
console.log(lines.join('\n'));
process.exit(0);
