// Deterministic synthetic data for all four schemas: same seed + asOf + enrollees, same rows (ids
// included). People are generated and loaded in chunks, one transaction each, so memory stays
// bounded at national scale; generating the next chunk overlaps the COPY of the previous one.
// Each domain's tables go to that domain's database (one driver for all, or databases.ts's set).
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { asDatabases, type DatabaseTarget, type Databases } from '../../../kit/database/databases.js';
import { CourtDirectory } from './courts.js';
import { buildDirectory } from './organizations.js';
import { addPerson, type World } from './person.js';
import { OFFICE_FACTS } from './places.js';
import { weightedPicker } from './random.js';
import { queryRows as query, subgraphDb, type Driver } from '../../../kit/database/db.js';
import { deriveFacts } from '../../../subgraphs/outcomes/derive.js';
import { loadReference } from './reference.js';
import { PERSON_TABLES, TABLES, TABLE_KEYS, type TableKey } from './tables.js';
import { startOfUtcDay } from './time.js';
import { Batch, partOf, writeBatch } from './writer.js';
import { dropSecondaryIndexes, restoreDroppedIndexes } from './bulk-indexes.js';

export interface SeedOptions {
  enrollees: number;
  seed?: number;
  /** History is generated relative to this instant; default today 00:00 UTC. */
  asOf?: Date;
  /** The instant read models are derived at (never before asOf); default asOf when given, else the moment of seeding. */
  evaluatedAt?: Date;
  /** Empty the data tables (not the reference tables) first; without it a non-empty database is refused. */
  reset?: boolean;
  /** People per transaction (default 2,000). */
  chunkSize?: number;
  /** Chunks loaded concurrently on pg (default 2); PGlite has one connection. */
  writers?: number;
  /** Load without secondary indexes and build them at the end (bulk-indexes.ts); default from 50,000 people on. */
  bulkIndexes?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Called as each step after the people are loaded starts (minutes each at national scale). */
  onPhase?: (phase: string) => void;
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
/** From this many people on, the person tables are loaded without their secondary indexes. */
const BULK_INDEXES_FROM = 50_000;
const PERSON_TABLE_NAMES = new Set(PERSON_TABLES.map((t) => TABLES[t][0] as string));
const MAX_ENROLLEES = 100_000_000; // A-numbers are a bijection of the person index below this

/** The parts (schemas) the seed writes. */
export const SEEDED_PARTS = [...new Set(TABLE_KEYS.map(partOf))];

/** Each part's tables, by the driver they live on. */
function tablesByDriver(databases: Databases) {
  return databases.groups().map(({ driver, parts }) => ({ driver, names: Object.values(TABLES).map(([name]) => name).filter((name) => parts.includes(name.split('.')[0]!)) })).filter((g) => g.names.length > 0);
}

export async function seed(target: DatabaseTarget, options: SeedOptions): Promise<SeedSummary> {
  const databases = asDatabases(target, SEEDED_PARTS);
  const { enrollees, seed: seedValue = DEFAULT_SEED, chunkSize = 2_000 } = options;
  if (!Number.isInteger(enrollees) || enrollees < 0 || enrollees > MAX_ENROLLEES) throw new Error(`seed: enrollees must be an integer from 0 to ${MAX_ENROLLEES}, got ${enrollees}`);
  if (!Number.isInteger(seedValue)) throw new Error(`seed: seed must be an integer, got ${seedValue}`);
  const asOf = (options.asOf ?? startOfUtcDay()).getTime();
  if (Number.isNaN(asOf)) throw new Error('seed: asOf is not a valid date');
  const started = performance.now();
  for (const group of tablesByDriver(databases)) {
    await restoreDroppedIndexes(group.driver);
    await prepare(group, options.reset ?? false);
  }
  const { offices, courts } = await loadReference(databases);
  const legal = buildDirectory(seedValue, enrollees, offices);
  const world: World = {
    seed: seedValue,
    asOf,
    // With asOf given the rows are deterministic (read models as of asOf; the jobs catch up); without, as of now.
    evaluatedAt: new Date(Math.max(asOf, (options.evaluatedAt ?? (options.asOf ? new Date(asOf) : new Date())).getTime())),
    pickOffice: weightedPicker(offices.map((o) => [o, OFFICE_FACTS[o.code]?.weight ?? 1] as const)),
    courts: new CourtDirectory(seedValue, courts, offices),
    legal,
  };
  const counts = Object.fromEntries(TABLE_KEYS.map((t) => [t, 0])) as Record<TableKey, number>;
  const directory = new Batch();
  for (const row of legal.organizations) directory.add('organizations', row);
  for (const rep of legal.representatives) directory.add('representatives', rep.row);
  await writeBatch(databases, directory, ['organizations', 'representatives']);
  tally(counts, directory);

  const bulk = options.bulkIndexes ?? enrollees >= BULK_INDEXES_FROM;
  if (bulk) for (const group of tablesByDriver(databases)) await dropSecondaryIndexes(group.driver, group.names.filter((name) => PERSON_TABLE_NAMES.has(name)));
  try {
    await loadPeople(databases, world, counts, { ...options, chunkSize });
    // Before the indexes are back: it rewrites every worklist row, whose indexes include the key.
    options.onPhase?.('placing the worklist in name order');
    await placeInNameOrder(databases);
  } finally {
    if (bulk) options.onPhase?.('building the indexes the load went without');
    if (bulk) for (const group of tablesByDriver(databases)) await restoreDroppedIndexes(group.driver);
  }
  // The outcomes read model's facts, derived from its copies as its consumer derives them per event.
  options.onPhase?.('deriving the outcome facts and counting their cells');
  await deriveFacts(subgraphDb(databases.of('outcomes')), 'everyone');
  options.onPhase?.('vacuuming and analysing');
  // Fresh statistics, so the planner uses the migrations' indexes right away, and the visibility map
  // set, so counts (totalCount) are index-only scans from the start, as they are once autovacuum has
  // been by: without it, the worklist's count of a large office read every heap page of that office
  // (72 ms against 1.6 ms at national scale). The whole national database takes ~20 s.
  for (const group of tablesByDriver(databases)) await query(group.driver, `VACUUM (ANALYZE) ${group.names.join(', ')}`);
  const seconds = (performance.now() - started) / 1000;
  const rows = Object.values(counts).reduce((a, b) => a + b, 0);
  return { enrollees, seed: seedValue, asOf: new Date(asOf).toISOString(), counts, rows, seconds, rowsPerSecond: Math.round(rows / seconds) };
}

/** Generates chunks of people and loads them; on pg, two chunks at once on two connections (the server's COPY is the bottleneck). */
async function loadPeople(databases: Databases, world: World, counts: Record<TableKey, number>, options: SeedOptions & { chunkSize: number }): Promise<void> {
  const { enrollees, chunkSize } = options;
  const writers = databases.groups().every((g) => g.driver.kind === 'pg') ? Math.max(1, options.writers ?? 2) : 1;
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
      const write: Promise<void> = writeBatch(databases, batch, PERSON_TABLES).then(() => {
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

/**
 * Each person's place in family-name order (enrollment.enrollees.name_order, shared/order-key.ts),
 * known only once everyone is loaded, and the worklist's copy of it, as EnrollmentStarted carries it.
 */
async function placeInNameOrder(databases: Databases): Promise<void> {
  const enrollment = databases.of('enrollment');
  await query(enrollment, `insert into enrollment.name_orders (enrollee_id, name_order)
    select id, lpad((row_number() over (order by family_name, given_name, id))::text, 9, '0') || '5' from enrollment.enrollees`);
  // The worklist may live in another database: its copy gets the keys as values, never by a join.
  const keys = await query<{ id: string; name_order: string }>(enrollment, 'select enrollee_id::text as id, name_order from enrollment.name_orders');
  for (let i = 0; i < keys.length; i += 50_000) {
    const chunk = keys.slice(i, i + 50_000);
    await query(databases.of('worklist'), `update worklist.people p set name_order = k.name_order from unnest($1::uuid[], $2::text[]) as k(id, name_order) where k.id = p.enrollee_id`, [chunk.map((k) => k.id), chunk.map((k) => k.name_order)]);
  }
}

function tally(counts: Record<TableKey, number>, batch: Batch): void {
  for (const t of TABLE_KEYS) counts[t] += batch.count(t);
}

const WRITE_PATH_TABLES = ['enrollment.supervision_changes', 'checkin.idempotency_keys', 'enrollment.name_orders'];

/** Refuses a database that already holds data unless `reset`, which empties the data tables. */
async function prepare({ driver, names }: { driver: Driver; names: string[] }, reset: boolean): Promise<void> {
  if (reset) {
    // Also what the write path adds on top of seeded rows (supervision changes, idempotency keys).
    // Audit trails are append-only and stay: a reset of demo data is itself no reason to erase history.
    const schemas = new Set(names.map((name) => name.split('.')[0]));
    await query(driver, `TRUNCATE ${[...names, ...WRITE_PATH_TABLES.filter((t) => schemas.has(t.split('.')[0]))].join(', ')}`);
    return;
  }
  const probes = names.map((name) => `(select exists (select 1 from ${name}))`).join(', ');
  const [row] = await query<Record<string, boolean>>(driver, `select array[${probes}] as present`);
  const present = (row?.present as unknown as boolean[]).map((p, i) => (p ? names[i] : null)).filter(Boolean);
  if (present.length > 0) {
    throw new Error(`seed: refusing to seed a database that already has data (${present.join(', ')}); pass reset: true (--reset) to empty the data tables first`);
  }
}
