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
// Two countings of the same rule, on purpose: SQL counts every cell afresh for the migration that
// added the table, this file's TypeScript counts what a person's facts add (a change, the seed);
// the test suite holds them equal.
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

/**
 * Counts every cell afresh from all the facts (the seed): the facts read a slice of people at a time,
 * each person counted as a re-derivation would count them. In TypeScript rather than one SQL
 * statement: grouping sets over every fact (recountStatement, which the migration that added the
 * table runs) took 474 s at 779,679 people (2.4 M hearing facts), this 177 s.
 */
export async function recountAllCells(tx: DB, peoplePerSlice = 20_000): Promise<void> {
  await tx.execute(sql`delete from outcomes.cells`);
  const people = rowsOf(await tx.execute(sql`select a_number from outcomes.hearing_facts union select a_number from outcomes.completion_facts union select a_number from outcomes.exit_facts order by 1`)).map((r) => r.a_number);
  const counter = new CellCounter();
  for (let at = 0; at < people.length; at += peoplePerSlice) {
    const range = sql`a_number between ${people[at]} and ${people[Math.min(at + peoplePerSlice, people.length) - 1]}`;
    const [hearings, completions, exits] = await Promise.all(
      Object.entries(COUNTED_COLUMNS).map(async ([table, counted]) => rowsOf(await tx.execute(sql`select a_number, ${sql.raw([...COLUMNS, ...counted].join(', '))} from ${sql.raw(`outcomes.${table}`)} where ${range}`))),
    );
    const byPerson = new Map<string, PersonFacts>();
    const of = (a: string) => byPerson.get(a) ?? byPerson.set(a, { hearings: [], completions: [], exits: [] }).get(a)!;
    for (const h of hearings!) of(h.a_number).hearings.push(h);
    for (const c of completions!) of(c.a_number).completions.push(c);
    for (const x of exits!) of(x.a_number).exits.push(x);
    for (const facts of byPerson.values()) counter.person(facts, 1);
  }
  await applyCellChanges(tx, counter.rows());
}

/** The columns of each fact table the cells count, besides the dimensions: only these are read (with every column, timestamps parsed, the national recount took 212 s against 177 s). */
const COUNTED_COLUMNS = { hearing_facts: ['attended'], completion_facts: ['in_absentia_removal'], exit_facts: ['absconded', 'case_open_at_exit', 'days_in_program'] };

/** The rows of a statement's result, as either driver returns them. */
export const rowsOf = (result: unknown) => ((result as { rows?: unknown[] }).rows ?? result) as FactRow[];

/** Every cell counted afresh in one statement: the migration that added the table runs it (a test compares it with recountAllCells). */
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

/**
 * Counts facts into cells. A cell's key is a number: each dimension's value coded as a small integer
 * (0 for null; a dictionary per dimension) in a field of its own, and the grouping in the lowest
 * bits. A national seed counts 3 M facts into 64 groupings: with JSON string keys that ran for more
 * than 10 minutes before it was stopped.
 */
class CellCounter {
  private readonly codes = COLUMNS.map(() => new Map<unknown, number>());
  private readonly values: unknown[][] = COLUMNS.map(() => [null]);
  readonly counts = new Map<number, Float64Array>();

  private code(column: number, value: unknown): number {
    if (value === null || value === undefined) return 0;
    const known = this.codes[column]!.get(value);
    if (known !== undefined) return known;
    const code = this.values[column]!.push(value) - 1;
    if (code >= FIELD_SIZES[column]!) throw new Error(`outcomes cells: more than ${FIELD_SIZES[column]! - 1} values of ${COLUMNS[column]}`);
    this.codes[column]!.set(value, code);
    return code;
  }

  /** The key of fact `f` in every kept grouping, in KEPT_GROUPINGS order. */
  private keysOf(f: FactRow): Float64Array {
    const codes = COLUMNS.map((c, i) => this.code(i, f[c]) * FIELD_AT[i]!);
    const keys = new Float64Array(KEPT_GROUPINGS.length);
    for (let g = 0; g < KEPT_GROUPINGS.length; g++) {
      let key = KEPT_GROUPINGS[g]!;
      for (const i of GROUPED_COLUMNS[g]!) key += codes[i]!;
      keys[g] = key;
    }
    return keys;
  }

  private cell(key: number): Float64Array {
    let counts = this.counts.get(key);
    if (!counts) this.counts.set(key, (counts = new Float64Array(COUNTS.length)));
    return counts;
  }

  /** Adds (`sign` 1) or takes back (-1) what one person's facts count. */
  person(facts: PersonFacts, sign: 1 | -1): void {
    const cellsMissed = new Map<number, boolean>(); // the person's cells of every grouping -> a hearing there missed
    for (const h of facts.hearings) {
      const attended = Boolean(h.attended);
      for (const key of this.keysOf(h)) {
        const counts = this.cell(key);
        counts[0]! += sign;
        if (attended) counts[1]! += sign;
        const missed = cellsMissed.get(key);
        if (missed === undefined || (!missed && !attended)) cellsMissed.set(key, !attended);
      }
    }
    for (const [key, missed] of cellsMissed) {
      const counts = this.cell(key);
      counts[2]! += sign;
      if (!missed) counts[3]! += sign;
    }
    for (const c of facts.completions) {
      for (const key of this.keysOf(c)) {
        const counts = this.cell(key);
        counts[4]! += sign;
        if (c.in_absentia_removal) counts[5]! += sign;
      }
    }
    for (const x of facts.exits) {
      for (const key of this.keysOf(x)) {
        const counts = this.cell(key);
        counts[6]! += sign;
        if (x.absconded) counts[7]! += sign;
        if (x.case_open_at_exit) counts[8]! += sign;
        counts[9]! += sign * Number(x.days_in_program);
      }
    }
  }

  /** The cells as rows of the cells table, those whose counts are all 0 left out, in key order. */
  rows(): Record<string, unknown>[] {
    return [...this.counts.entries()]
      .filter(([, counts]) => counts.some((n) => n !== 0))
      .sort(([a], [b]) => a - b)
      .map(([key, counts]) => ({
        rolled_up: key % FIELD_AT[0]!,
        ...Object.fromEntries(COLUMNS.map((c, i) => [c, this.values[i]![Math.floor(key / FIELD_AT[i]!) % FIELD_SIZES[i]!]])),
        ...Object.fromEntries(COUNTS.map((c, i) => [c, counts[i]])),
      }));
  }
}

/** How many values each dimension's field holds (null included), and where each field starts. */
const FIELD_SIZES = [4, 8, 16, 256, 512, 128, 1024];
/** The dimensions each kept grouping is grouped by (column indexes), in KEPT_GROUPINGS order. */
const GROUPED_COLUMNS = KEPT_GROUPINGS.map((mask) => COLUMNS.flatMap((_c, i) => (isGrouped(mask, i) ? [i] : [])));
const FIELD_AT = FIELD_SIZES.reduce<number[]>((at, _size, i) => [...at, i === 0 ? 1 << COLUMNS.length : at[i - 1]! * FIELD_SIZES[i - 1]!], []);

/** The cells' rows to add when `before` is replaced by `after` (cells that do not change are left out). */
export function cellChanges(before: PersonFacts, after: PersonFacts): Record<string, unknown>[] {
  const counter = new CellCounter();
  counter.person(before, -1);
  counter.person(after, 1);
  return counter.rows();
}

/** Adds `rows` to the cells. The caller holds CELLS_LOCK. */
export async function applyCellChanges(tx: DB, rows: Record<string, unknown>[]): Promise<void> {
  const recordType = ['rolled_up smallint', ...COLUMNS.map((c, i) => `${c} ${COLUMN_TYPES[i]}`), ...COUNTS.map((c) => `${c} bigint`)].join(', ');
  const columns = ['rolled_up', ...COLUMNS, ...COUNTS].join(', ');
  for (let at = 0; at < rows.length; at += 5_000) {
    await tx.execute(sql`
      insert into outcomes.cells as c (${sql.raw(columns)})
      select ${sql.raw(columns)} from jsonb_to_recordset(${JSON.stringify(rows.slice(at, at + 5_000))}::jsonb) as x(${sql.raw(recordType)})
      on conflict on constraint cells_key do update set ${sql.raw(COUNTS.map((k) => `${k} = c.${k} + excluded.${k}`).join(', '))}`);
  }
}

/**
 * Taken (per transaction) before a person's facts are read to be replaced: the cells are changed by
 * what the facts were, so two transactions re-deriving the same person must not both start from the
 * same facts. Every such transaction changes the all-summed cell, so they queue there anyway.
 */
export const CELLS_LOCK = sql`select pg_advisory_xact_lock(hashtextextended('outcomes:cells', 0))`;
