// The cells of every grouping of at most three of the seven dimensions (64 groupings), kept from the
// facts: what a person's facts count in each cell is added when they are derived and taken back when
// they are re-derived, so `supervisionOutcomes` reads the rows of one grouping, as many at 779,679
// people as at 10,000, instead of counting millions of facts per request.
//
// Why every grouping and not only the finest: a person with hearings in two months is one person in
// their fiscal year's cell, so the per-person measure cannot be summed from finer cells. Why at most
// three: the finer groupings hold more cells than the population has people (court x month x office x
// technology x ...), which the seed would spend minutes writing and disclosure control would withhold
// almost entirely; a finer table is counted from the facts per request (repository.ts).
//
// Two countings of the same rule, on purpose: SQL counts every cell afresh (seed, migration), this
// file's TypeScript counts what one person's change moves; the test suite holds them equal.
import { sql } from 'drizzle-orm';
import type { DB } from '../../kit/database/db.js';
import type { Dimension } from './repository.js';

/** The dimensions in grouping()'s order: the first is bit 64, the last bit 1 (a set bit: summed over). */
export const CELL_DIMENSIONS: readonly Dimension[] = ['REPRESENTATION', 'SUPERVISION', 'TECHNOLOGY', 'FIELD_OFFICE', 'COURT', 'FISCAL_YEAR', 'MONTH'];
export const MAX_CELL_DIMENSIONS = 3;
const COLUMNS = ['represented', 'supervision', 'technology', 'field_office_code', 'court_code', 'fiscal_year', 'month'] as const;
const COLUMN_TYPES = ['boolean', 'text', 'text', 'text', 'text', 'smallint', 'char(7)'];
const COUNTS = ['held', 'attended', 'people', 'all_attended', 'decided', 'in_absentia', 'ended', 'absconded', 'case_open', 'days'] as const;
const ALL = (1 << COLUMNS.length) - 1;

const bits = (mask: number) => COLUMNS.reduce((n, _c, i) => n + ((mask >> i) & 1), 0);
/** grouping() of every kept grouping: the masks with at most three dimensions not summed over. */
export const KEPT_GROUPINGS: readonly number[] = Array.from({ length: ALL + 1 }, (_v, m) => m).filter((m) => COLUMNS.length - bits(m) <= MAX_CELL_DIMENSIONS);

/** grouping() of a query grouped by `dims`. */
export function rolledUpMask(dims: readonly Dimension[]): number {
  return CELL_DIMENSIONS.reduce((mask, d, i) => (dims.includes(d) ? mask : mask | (1 << (COLUMNS.length - 1 - i))), 0);
}

/** Whether the cells hold the grouping by `dims`. */
export const cellsHold = (dims: readonly Dimension[]) => dims.length <= MAX_CELL_DIMENSIONS;

const isGrouped = (mask: number, i: number) => ((mask >> (COLUMNS.length - 1 - i)) & 1) === 0;
const groupingSets = () => KEPT_GROUPINGS.map((m) => `(${COLUMNS.filter((_c, i) => isGrouped(m, i)).join(', ')})`).join(', ');

/** Every kept cell counted afresh from all the facts (one row per cell). */
function countedAfresh(): string {
  const dims = COLUMNS.join(', ');
  const head = `grouping(${dims}) as rolled_up, ${dims}`;
  const sets = `grouping sets (${groupingSets()})`;
  // People per cell: those with a hearing held in it, less those who missed one of theirs in it.
  return `
    select ${head}, count(*), count(*) filter (where attended), count(distinct a_number),
           count(distinct a_number) - count(distinct a_number) filter (where not attended), 0, 0, 0, 0, 0, 0
    from outcomes.hearing_facts group by ${sets}
    union all
    select ${head}, 0, 0, 0, 0, count(*), count(*) filter (where in_absentia_removal), 0, 0, 0, 0
    from outcomes.completion_facts group by ${sets}
    union all
    select ${head}, 0, 0, 0, 0, 0, 0, count(*), count(*) filter (where absconded), count(*) filter (where case_open_at_exit), coalesce(sum(days_in_program), 0)
    from outcomes.exit_facts group by ${sets}`;
}

/** Counts every cell afresh from all the facts (the seed; the migration that added the table runs the same statement). */
export async function recountAllCells(tx: DB): Promise<void> {
  await tx.execute(sql`delete from outcomes.cells`);
  await tx.execute(sql.raw(recountStatement()));
}

/** The statement recountAllCells inserts with (printed into the migration; a test compares the two). */
export function recountStatement(): string {
  const dims = COLUMNS.join(', ');
  return `insert into outcomes.cells (rolled_up, ${dims}, ${COUNTS.join(', ')})
    select rolled_up, ${dims}, ${COUNTS.map((c) => `sum(${c})`).join(', ')}
    from (${countedAfresh()}) parts (rolled_up, ${dims}, ${COUNTS.join(', ')})
    group by rolled_up, ${dims}`;
}

/** A fact row as deriveFacts' statements return it. */
export type FactRow = Record<string, unknown> & { a_number: string };
export interface PersonFacts {
  hearings: FactRow[];
  completions: FactRow[];
  exits: FactRow[];
}

type Counts = number[];
const zero = (): Counts => COUNTS.map(() => 0);

/** What these facts count in every kept cell, by the cell's key (JSON of rolled_up and the seven values). */
function countsOf(facts: PersonFacts, sign: 1 | -1, into: Map<string, Counts>): void {
  const add = (key: string, at: number, n: number) => {
    let counts = into.get(key);
    if (!counts) into.set(key, (counts = zero()));
    counts[at]! += sign * n;
  };
  for (const mask of KEPT_GROUPINGS) {
    const keyOf = (f: FactRow) => JSON.stringify([mask, ...COLUMNS.map((c, i) => (isGrouped(mask, i) ? (f[c] ?? null) : null))]);
    const people = new Map<string, boolean>(); // person and cell -> attended every hearing there
    for (const h of facts.hearings) {
      const key = keyOf(h);
      add(key, 0, 1);
      if (h.attended) add(key, 1, 1);
      const personKey = `${h.a_number}|${key}`;
      people.set(personKey, (people.get(personKey) ?? true) && Boolean(h.attended));
    }
    for (const [personKey, allAttended] of people) {
      const key = personKey.slice(personKey.indexOf('|') + 1);
      add(key, 2, 1);
      if (allAttended) add(key, 3, 1);
    }
    for (const c of facts.completions) {
      const key = keyOf(c);
      add(key, 4, 1);
      if (c.in_absentia_removal) add(key, 5, 1);
    }
    for (const x of facts.exits) {
      const key = keyOf(x);
      add(key, 6, 1);
      if (x.absconded) add(key, 7, 1);
      if (x.case_open_at_exit) add(key, 8, 1);
      add(key, 9, Number(x.days_in_program));
    }
  }
}

/** The change to each cell when `before` is replaced by `after` (cells that do not change are left out). */
export function cellChanges(before: PersonFacts, after: PersonFacts): Map<string, Counts> {
  const changes = new Map<string, Counts>();
  countsOf(before, -1, changes);
  countsOf(after, 1, changes);
  for (const [key, counts] of changes) if (counts.every((n) => n === 0)) changes.delete(key);
  return changes;
}

/** Adds `changes` to the cells, in key order. The caller holds CELLS_LOCK. */
export async function applyCellChanges(tx: DB, changes: Map<string, Counts>): Promise<void> {
  if (changes.size === 0) return;
  const rows = [...changes.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, counts]) => {
      const [rolledUp, ...values] = JSON.parse(key) as [number, ...unknown[]];
      return { rolled_up: rolledUp, ...Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]])), ...Object.fromEntries(COUNTS.map((c, i) => [c, counts[i]])) };
    });
  const recordType = ['rolled_up smallint', ...COLUMNS.map((c, i) => `${c} ${COLUMN_TYPES[i]}`), ...COUNTS.map((c) => `${c} bigint`)].join(', ');
  const columns = ['rolled_up', ...COLUMNS, ...COUNTS].join(', ');
  await tx.execute(sql`
    insert into outcomes.cells as c (${sql.raw(columns)})
    select ${sql.raw(columns)} from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${sql.raw(recordType)})
    on conflict on constraint cells_key do update set ${sql.raw(COUNTS.map((k) => `${k} = c.${k} + excluded.${k}`).join(', '))}`);
}

/**
 * Taken (per transaction) before a person's facts are read to be replaced: the cells are changed by
 * what the facts were, so two transactions re-deriving the same person must not both start from the
 * same facts. Every such transaction changes the all-summed cell, so they queue there anyway.
 */
export const CELLS_LOCK = sql`select pg_advisory_xact_lock(hashtextextended('outcomes:cells', 0))`;
