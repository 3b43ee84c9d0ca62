// `npm run outcomes:figures [-- --enrollees N] [--fiscal-year Y] [--database URL]`: seeds a scratch
// database (PGlite in memory, or a new database on DATABASE_URL's server, dropped afterwards), or reads
// one already seeded (`--database`, e.g. the benchmark's sg_bench_779679), and prints the "Does it
// work?" figures the README shows, read from the outcomes read model as the API serves them
// (disclosure control applied): appearance by representation and supervision status for a fiscal
// year, and the band checks of the published story.
import { parseArgs } from 'node:util';
import { createScratchDatabase } from './lib/scratch-database.js';
import { seed } from './lib/seed/index.js';
import { progressReporter } from './lib/seed/cli.js';
import { closeDriver, openDriver, queryRows, subgraphDb } from '../kit/database/db.js';
import { supervisionOutcomes } from '../subgraphs/outcomes/outcomes-table.js';
import type { Rate } from '../subgraphs/outcomes/table.js';

const { values } = parseArgs({ options: { enrollees: { type: 'string' }, 'fiscal-year': { type: 'string' }, database: { type: 'string' } } });
const enrollees = Number(values.enrollees ?? 10_000);
const now = new Date();
const fiscalYear = Number(values['fiscal-year'] ?? now.getUTCFullYear() + (now.getUTCMonth() >= 9 ? 1 : 0) - 1);

const database = values.database
  ? await (async () => {
      const driver = await openDriver({ databaseUrl: values.database, poolSize: 8 });
      return { driver, drop: () => closeDriver(driver) };
    })()
  : await createScratchDatabase(process.env.DATABASE_URL, 'sg_figures');
try {
  let people = enrollees;
  if (values.database) {
    people = (await queryRows<{ n: number }>(database.driver, 'select count(*)::int as n from enrollment.enrollees'))[0]!.n;
  } else {
    const progress = progressReporter('seed');
    await seed(database.driver, { enrollees, onProgress: progress.onProgress, onPhase: progress.onPhase }).finally(progress.stop);
  }
  const db = subgraphDb(database.driver);
  const table = (groupBy: Parameters<typeof supervisionOutcomes>[2]['groupBy'], fy: number | null = fiscalYear) => supervisionOutcomes(db, new Date(), { groupBy, fiscalYear: fy });
  const pct = (r: Rate) => (r.suppressed ? 'withheld' : r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)}% (${r.numerator!.toLocaleString('en-US')} of ${r.denominator!.toLocaleString('en-US')}; 95% CI ${(r.lower95! * 100).toFixed(1)}–${(r.upper95! * 100).toFixed(1)}%)`);

  console.log(`\n${people.toLocaleString('en-US')} people, fiscal year ${fiscalYear}: appearance rate (per person) by representation and supervision at the hearing\n`);
  console.log('| represented | supervision | appearance rate | attendance rate (per hearing) |');
  console.log('|---|---|---|---|');
  for (const row of (await table(['REPRESENTATION', 'SUPERVISION'])).rows) {
    console.log(`| ${row.represented ? 'yes' : 'no'} | ${row.supervision} | ${pct(row.appearanceRate as Rate)} | ${pct(row.attendanceRate as Rate)} |`);
  }
  const byCounsel = (await table(['REPRESENTATION'], null)).rows;
  const overall = (await table([], null)).rows[0]!;
  const technology = (await table(['TECHNOLOGY'])).rows as unknown as { technology: string; cost: { people: number } | null }[];
  const supervised = technology.reduce((sum, r) => sum + (r.cost?.people ?? 0), 0);
  const smartlink = technology.find((r) => r.technology === 'SMARTLINK')?.cost?.people ?? 0;
  const length = overall.lengthInProgram as { averageMonths: number; averageDays: number };
  console.log('\nBand checks, every fiscal year together:');
  for (const row of byCounsel) console.log(`  appearance, ${row.represented ? 'with counsel   ' : 'without counsel'}: ${pct(row.appearanceRate as Rate)}`);
  console.log(`  in absentia rate:         ${pct(overall.inAbsentiaRate as Rate)}`);
  console.log(`  absconder rate:           ${pct(overall.absconderRate as Rate)}`);
  console.log(`  case open at exit:        ${pct(overall.caseOpenAtExitRate as Rate)}`);
  console.log(`  average length in program: ${length.averageDays?.toFixed(0)} days (${length.averageMonths?.toFixed(1)} months)`);
  console.log(`  SmartLINK share of people supervised in FY${fiscalYear}: ${((smartlink / supervised) * 100).toFixed(1)}% (${smartlink} of ${supervised})`);
} finally {
  await database.drop();
}
