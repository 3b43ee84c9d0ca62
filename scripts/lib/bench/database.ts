// The benchmark's database: `sg_bench_<N>` on the local Postgres (or DATABASE_URL's server), created,
// migrated and seeded with N people on first use, and reused as is afterwards.
import pg from 'pg';
import { closeDriver, openDriver, queryRows, type Driver } from '../../../kit/database/db.js';
import { migrateEverything } from '../migrate-everything.js';
import { progressReporter } from '../seed/cli.js';
import { seed } from '../seed/index.js';

export function benchDatabaseUrl(enrollees: number, serverUrl = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'): string {
  const url = new URL(serverUrl);
  url.pathname = `/sg_bench_${enrollees}`;
  return url.toString();
}

export async function ensureBenchDatabase(enrollees: number): Promise<{ url: string; seededSeconds: number | null; sizeMiB: number }> {
  const url = benchDatabaseUrl(enrollees);
  const admin = new pg.Client({ connectionString: benchDatabaseUrl(enrollees).replace(/\/sg_bench_\d+$/, '/postgres') });
  await admin.connect();
  const name = `sg_bench_${enrollees}`;
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount;
  if (!exists) await admin.query(`create database ${name}`);
  await admin.end();

  const driver = await openDriver({ databaseUrl: url, poolSize: 8 });
  try {
    await migrateEverything(driver);
    const [{ n }] = (await queryRows<{ n: number }>(driver, 'select count(*)::int as n from enrollment.enrollees')) as [{ n: number }];
    let seededSeconds: number | null = null;
    if (n !== enrollees) {
      console.log(`Seeding ${enrollees.toLocaleString('en-US')} people into ${name} (once; later runs reuse it)...`);
      const progress = progressReporter('seed');
      const started = performance.now();
      await seed(driver, { enrollees, reset: n > 0, onProgress: progress.onProgress, onPhase: progress.onPhase });
      progress.stop();
      seededSeconds = (performance.now() - started) / 1000;
    }
    return { url, seededSeconds, sizeMiB: await databaseSizeMiB(driver) };
  } finally {
    await closeDriver(driver);
  }
}

async function databaseSizeMiB(driver: Driver): Promise<number> {
  const [row] = await queryRows<{ bytes: string }>(driver, 'select pg_database_size(current_database())::text as bytes');
  return Number(row!.bytes) / 2 ** 20;
}
