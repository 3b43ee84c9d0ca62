// `npm run bench:seed -- --enrollees 100000 [--seed S] [--as-of YYYY-MM-DD]`: seeds a scratch
// database on the DATABASE_URL server (PGlite in memory without one), reports rows per table, wall
// time, rows/s, database size and the machine as a Markdown block for BENCHMARKS.md, then drops it.
import { cpus, totalmem } from 'node:os';
import { formatSummary, parseSeedArgs, progressReporter } from './lib/seed/cli.js';
import { seed } from './lib/seed/index.js';
import { queryRows as query } from '../kit/database/db.js';
import { createScratchDatabase } from './lib/scratch-database.js';
import { TABLES, TABLE_KEYS } from './lib/seed/tables.js';

const args = parseSeedArgs(process.argv.slice(2), { enrollees: 100_000 });
const db = await createScratchDatabase(process.env.DATABASE_URL, 'sg_seedbench');
try {
  console.log(`Seeding ${args.enrollees.toLocaleString('en-US')} enrollees into scratch database ${db.name} (${db.driver.kind})...`);
  const progress = progressReporter('bench:seed');
  const wallStart = performance.now();
  const summary = await seed(db.driver, { ...args, onProgress: progress.onProgress, onPhase: progress.onPhase }).finally(progress.stop);
  const wall = (performance.now() - wallStart) / 1000;
  let size: number | undefined;
  let server = `PGlite (in memory)`;
  if (db.driver.kind === 'pg') {
    size = Number((await query<{ bytes: string }>(db.driver, 'select pg_database_size(current_database()) as bytes'))[0]!.bytes);
    server = (await query<{ v: string }>(db.driver, "select current_setting('server_version') as v"))[0]!.v.replace(/ .*/, '');
    server = `PostgreSQL ${server}`;
  }
  console.log(formatSummary(summary, size));
  console.log(`steps: ${progress.steps()}`);
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${server} on the same machine`;
  console.log(['', '```', ...TABLE_KEYS.map((t) => `${TABLES[t][0]}: ${summary.counts[t]}`), '```',
    `| enrollees | rows | wall time | rows/s | database size | machine |`, '|---|---|---|---|---|---|',
    `| ${args.enrollees.toLocaleString('en-US')} | ${summary.rows.toLocaleString('en-US')} | ${wall.toFixed(1)} s | ${summary.rowsPerSecond.toLocaleString('en-US')} | ${size === undefined ? 'n/a' : `${(size / 2 ** 20).toFixed(0)} MiB`} | ${machine} |`].join('\n'));
} finally {
  await db.drop();
}
