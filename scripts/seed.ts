// `npm run seed -- --enrollees N [--seed S] [--as-of YYYY-MM-DD] [--reset]`: migrates, then fills
// all four schemas with deterministic synthetic data (DATABASE_URL, else PGlite in PGLITE_DIR).
import { closeDriver, driverOptionsFromEnv, openDriver, queryRows as query, type Driver } from '../subgraphs/shared/db.js';
import { formatSummary, parseSeedArgs, progressReporter } from './lib/seed/cli.js';
import { seed } from './lib/seed/index.js';
import { migrateEverything } from './lib/migrate-everything.js';

async function main(driver: Driver, argv: string[]): Promise<void> {
  const args = parseSeedArgs(argv, { enrollees: 1_000 });
  await migrateEverything(driver);
  console.log(`Seeding ${args.enrollees.toLocaleString('en-US')} enrollees (seed ${args.seed}, ${driver.kind})...`);
  const progress = progressReporter('seed');
  const summary = await seed(driver, { ...args, onProgress: progress.onProgress }).finally(progress.stop);
  const size = driver.kind === 'pg' ? (await query<{ bytes: string }>(driver, 'select pg_database_size(current_database()) as bytes'))[0]!.bytes : undefined;
  console.log(`Seeded as of ${summary.asOf.slice(0, 10)}:\n${formatSummary(summary, size === undefined ? undefined : Number(size))}`);
}

const driver = await openDriver(driverOptionsFromEnv());
try {
  await main(driver, process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await closeDriver(driver);
}
