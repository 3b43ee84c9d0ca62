// `npm run seed -- --enrollees N [--seed S] [--as-of YYYY-MM-DD] [--reset]`: migrates, then fills
// all four schemas with deterministic synthetic data, each in its part's database (<NAME>_DATABASE_URL,
// else DATABASE_URL, else PGlite in PGLITE_DIR, which must not be in use by a running `npm start`).
import { systemParts } from '../subgraphs/shared/all-subgraphs.js';
import { databaseUrlOf, openDatabases, type Databases } from '../kit/database/databases.js';
import { driverOptionsFromEnv, queryRows as query } from '../kit/database/db.js';
import { formatSummary, parseSeedArgs, progressReporter } from './lib/seed/cli.js';
import { seed } from './lib/seed/index.js';
import { migrateEverything } from './lib/migrate-everything.js';

async function main(databases: Databases, argv: string[]): Promise<void> {
  const args = parseSeedArgs(argv, { enrollees: 1_000 });
  await migrateEverything(databases);
  const groups = databases.groups();
  const kinds = [...new Set(groups.map((g) => g.driver.kind))].join(' + ');
  console.log(`Seeding ${args.enrollees.toLocaleString('en-US')} enrollees (seed ${args.seed}, ${kinds}${groups.length > 1 ? `, ${groups.length} databases` : ''})...`);
  const progress = progressReporter('seed');
  const summary = await seed(databases, { ...args, onProgress: progress.onProgress, onPhase: progress.onPhase }).finally(progress.stop);
  let size: number | undefined;
  for (const { driver } of groups) {
    if (driver.kind === 'pg') size = (size ?? 0) + Number((await query<{ bytes: string }>(driver, 'select pg_database_size(current_database()) as bytes'))[0]!.bytes);
  }
  console.log(`Seeded as of ${summary.asOf.slice(0, 10)}:\n${formatSummary(summary, size === undefined ? undefined : Number(size))}`);
  console.log(`steps: ${progress.steps()}`);
}

const options = driverOptionsFromEnv();
const databases = await openDatabases(systemParts, options);
try {
  if (systemParts.some((part) => !databaseUrlOf(part) && databases.of(part).kind === 'pg')) {
    // openDriver joined a running `npm start` on the PGlite folder. Seeding under it would swap the data it
    // serves mid-request, and bulk loading (COPY FROM STDIN) cannot travel over PGlite's socket.
    throw new Error(`npm start is running on ${options.pgliteDir}: stop it first, then seed (npm start seeds an empty database itself).`);
  }
  await main(databases, process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await databases.close();
}
