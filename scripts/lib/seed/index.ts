// Deterministic synthetic data for all four schemas: same seed + asOf + enrollees, same rows (ids
// included). People are generated and loaded in chunks, one transaction each, so memory stays
// bounded at national scale; generating the next chunk overlaps the COPY of the previous one.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Driver } from '../../../subgraphs/shared/db.js';
import { CourtDirectory } from './courts.js';
import { buildDirectory } from './organizations.js';
import { addPerson, type World } from './person.js';
import { OFFICE_FACTS } from './places.js';
import { weightedPicker } from './random.js';
import { queryRows as query } from '../../../subgraphs/shared/db.js';
import { loadReference } from './reference.js';
import { PERSON_TABLES, TABLES, TABLE_KEYS, type TableKey } from './tables.js';
import { startOfUtcDay } from './time.js';
import { Batch, writeBatch } from './writer.js';

export interface SeedOptions {
  enrollees: number;
  seed?: number;
  /** History is generated relative to this instant; default today 00:00 UTC. */
  asOf?: Date;
  /** Empty the data tables (not the reference tables) first; without it a non-empty database is refused. */
  reset?: boolean;
  /** People per transaction (default 2,000). */
  chunkSize?: number;
  /** Chunks loaded concurrently on pg (default 2); PGlite has one connection. */
  writers?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  enrollees: number;
  seed: number;
  asOf: string;
  counts: Record<TableKey, number>;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export const DEFAULT_SEED = 20240401;
const MAX_ENROLLEES = 100_000_000; // A-numbers are a bijection of the person index below this

export async function seed(driver: Driver, options: SeedOptions): Promise<SeedSummary> {
  const { enrollees, seed: seedValue = DEFAULT_SEED, chunkSize = 2_000 } = options;
  if (!Number.isInteger(enrollees) || enrollees < 0 || enrollees > MAX_ENROLLEES) throw new Error(`seed: enrollees must be an integer from 0 to ${MAX_ENROLLEES}, got ${enrollees}`);
  if (!Number.isInteger(seedValue)) throw new Error(`seed: seed must be an integer, got ${seedValue}`);
  const asOf = (options.asOf ?? startOfUtcDay()).getTime();
  if (Number.isNaN(asOf)) throw new Error('seed: asOf is not a valid date');
  const started = performance.now();
  await prepare(driver, options.reset ?? false);
  const { offices, courts } = await loadReference(driver);
  const legal = buildDirectory(seedValue, enrollees, offices);
  const world: World = {
    seed: seedValue,
    asOf,
    pickOffice: weightedPicker(offices.map((o) => [o, OFFICE_FACTS[o.code]?.weight ?? 1] as const)),
    courts: new CourtDirectory(seedValue, courts, offices),
    legal,
  };
  const counts = Object.fromEntries(TABLE_KEYS.map((t) => [t, 0])) as Record<TableKey, number>;
  const directory = new Batch();
  for (const row of legal.organizations) directory.add('organizations', row);
  for (const rep of legal.representatives) directory.add('representatives', rep.row);
  await writeBatch(driver, directory, ['organizations', 'representatives']);
  tally(counts, directory);

  await loadPeople(driver, world, counts, { ...options, chunkSize });
  // Fresh statistics, so the planner uses the migrations' indexes right away.
  await query(driver, `ANALYZE ${Object.values(TABLES).map(([name]) => name).join(', ')}`);
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  return { enrollees, seed: seedValue, asOf: new Date(asOf).toISOString(), counts, rows, seconds, rowsPerSecond: Math.round(rows / seconds) };
}

/** Generates chunks of people and loads them; on pg, two chunks at once on two connections (the server's COPY is the bottleneck). */
async function loadPeople(driver: Driver, world: World, counts: Record<TableKey, number>, options: SeedOptions & { chunkSize: number }): Promise<void> {
  const { enrollees, chunkSize } = options;
  const writers = driver.kind === 'pg' ? Math.max(1, options.writers ?? 2) : 1;
  const inFlight = new Set<Promise<void>>();
  let done = 0;
  try {
    for (let from = 0; from < enrollees; from += chunkSize) {
      const to = Math.min(enrollees, from + chunkSize);
      const batch = new Batch();
      for (let i = from; i < to; i++) {
        addPerson(batch, world, i);
        // Let earlier chunks' COPY streams make progress while this one is generated.
        if (i % 100 === 99) await yieldToEventLoop();
      }
      while (inFlight.size >= writers) await Promise.race(inFlight);
      const write: Promise<void> = writeBatch(driver, batch, PERSON_TABLES).then(() => {
        inFlight.delete(write);
        tally(counts, batch);
        options.onProgress?.((done += to - from), enrollees);
      });
      inFlight.add(write);
    }
    await Promise.all(inFlight);
  } catch (error) {
    // A failed chunk rolled back; let the others settle before reporting it.
    await Promise.allSettled(inFlight);
    throw error;
  }
}

function tally(counts: Record<TableKey, number>, batch: Batch): void {
  for (const t of TABLE_KEYS) counts[t] += batch.count(t);
}

const WRITE_PATH_TABLES = ['enrollment.supervision_changes', 'checkin.idempotency_keys'];

/** Refuses a database that already holds data unless `reset`, which empties the data tables. */
async function prepare(driver: Driver, reset: boolean): Promise<void> {
  const names = Object.values(TABLES).map(([name]) => name);
  if (reset) {
    // Also what the write path adds on top of seeded rows (supervision changes, idempotency keys).
    // Audit trails are append-only and stay: a reset of demo data is itself no reason to erase history.
    await query(driver, `TRUNCATE ${[...names, ...WRITE_PATH_TABLES].join(', ')}`);
    return;
  }
  const probes = names.map((name) => `(select exists (select 1 from ${name}))`).join(', ');
  const [row] = await query<Record<string, boolean>>(driver, `select array[${probes}] as present`);
  const present = (row?.present as unknown as boolean[]).map((p, i) => (p ? names[i] : null)).filter(Boolean);
  if (present.length > 0) {
    throw new Error(`seed: refusing to seed a database that already has data (${present.join(', ')}); pass reset: true (--reset) to empty the data tables first`);
  }
}
