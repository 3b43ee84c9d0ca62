// The only code that reads the outcomes schema for requests: per population, the counts of each
// cell of the requested grouping. Groupings of up to three dimensions are read from the cells the
// consumer keeps (cells.ts); a finer one is summed from the fact rows per request, and cost always
// is, since its person-days grow with the clock.
import { sql, type SQL } from 'drizzle-orm';
import type { DB } from '../../kit/database/db.js';
import { cellsHold, rolledUpMask } from './cells.js';

export type Dimension = 'REPRESENTATION' | 'SUPERVISION' | 'TECHNOLOGY' | 'FIELD_OFFICE' | 'COURT' | 'FISCAL_YEAR' | 'MONTH';

/** Each dimension's column in the fact tables, and the name the row reports it under. */
export const DIMENSIONS: Record<Dimension, { column: string; field: string }> = {
  REPRESENTATION: { column: 'represented', field: 'represented' },
  SUPERVISION: { column: 'supervision', field: 'supervision' },
  TECHNOLOGY: { column: 'technology', field: 'technology' },
  FIELD_OFFICE: { column: 'field_office_code', field: 'fieldOfficeCode' },
  COURT: { column: 'court_code', field: 'courtCode' },
  FISCAL_YEAR: { column: 'fiscal_year', field: 'fiscalYear' },
  MONTH: { column: 'month', field: 'month' },
};

export type DimensionValues = Partial<Record<string, string | number | boolean | null>>;

export interface CountRow {
  dims: DimensionValues;
  counts: number[];
  /** Sums that are not counts (days, cents), kept apart from disclosure's count rules. */
  sums?: number[];
}

export interface Populations {
  hearings: CountRow[]; // [held, attended]
  people: CountRow[]; // [people with a hearing held, who attended all]
  completions: CountRow[]; // [completions, in absentia removal orders]
  exits: CountRow[]; // [ended, absconded, case open at exit]; sums [days in program]
  cost: CountRow[] | null; // [people]; sums [person-days, cost in cents]
}

const select = (dims: readonly Dimension[], prefix = '') => dims.map((d) => `${prefix}${DIMENSIONS[d].column} as "${DIMENSIONS[d].field}"`);
const groupBy = (dims: readonly Dimension[]) => (dims.length ? `group by ${dims.map((d) => DIMENSIONS[d].column).join(', ')}` : '');

async function rowsOf(db: DB, query: SQL, dims: readonly Dimension[], counts: string[], sums: string[] = []): Promise<CountRow[]> {
  const result = await db.execute(query);
  const rows = ((result as { rows?: unknown[] }).rows ?? result) as Record<string, unknown>[];
  return rows.map((row) => ({
    dims: Object.fromEntries(dims.map((d) => [DIMENSIONS[d].field, normalise(row[DIMENSIONS[d].field])])),
    counts: counts.map((c) => Number(row[c])),
    sums: sums.map((s) => Number(row[s])),
  }));
}

function normalise(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' && /^\d{4}$/.test(value)) return Number(value);
  return value as string | number | boolean;
}

const COST_DIMENSIONS: readonly Dimension[] = ['SUPERVISION', 'TECHNOLOGY', 'FIELD_OFFICE', 'FISCAL_YEAR', 'MONTH'];

/** Each population's rows, summed from the facts: every hearing, completion and exit read. */
function countFromFacts(db: DB, dims: readonly Dimension[]) {
  const cols = select(dims);
  const head = (extra: string[]) => sql.raw([...cols, ...extra].join(', '));
  const hearings = rowsOf(db, sql`select ${head(['count(*) as held', 'count(*) filter (where attended) as attended'])} from outcomes.hearing_facts ${sql.raw(groupBy(dims))}`, dims, ['held', 'attended']);
  const inner = [...dims.map((d) => DIMENSIONS[d].column), 'a_number'].join(', ');
  const people = rowsOf(
    db,
    sql`select ${head(['count(*) as people', 'count(*) filter (where all_attended) as all_attended'])}
        from (select ${sql.raw(inner)}, bool_and(attended) as all_attended from outcomes.hearing_facts group by ${sql.raw(inner)}) per_person
        ${sql.raw(groupBy(dims))}`,
    dims,
    ['people', 'all_attended'],
  );
  const completions = rowsOf(db, sql`select ${head(['count(*) as decided', 'count(*) filter (where in_absentia_removal) as in_absentia'])} from outcomes.completion_facts ${sql.raw(groupBy(dims))}`, dims, ['decided', 'in_absentia']);
  const exits = rowsOf(
    db,
    sql`select ${head(['count(*) as ended', 'count(*) filter (where absconded) as absconded', 'count(*) filter (where case_open_at_exit) as case_open', 'coalesce(sum(days_in_program), 0) as days'])}
        from outcomes.exit_facts ${sql.raw(groupBy(dims))}`,
    dims,
    ['ended', 'absconded', 'case_open'],
    ['days'],
  );
  return Promise.all([hearings, people, completions, exits]);
}

/** Each population's rows, read from the grouping's cells (a cell a population has nothing in is not one of its rows). */
async function countFromCells(db: DB, dims: readonly Dimension[]): Promise<CountRow[][]> {
  const counts = ['held', 'attended', 'people', 'all_attended', 'decided', 'in_absentia', 'ended', 'absconded', 'case_open'];
  const rows = await rowsOf(db, sql`select ${sql.raw([...select(dims), ...counts, 'days'].join(', '))} from outcomes.cells where rolled_up = ${rolledUpMask(dims)}`, dims, counts, ['days']);
  const part = (first: number, width: number, sums = false) =>
    rows.filter((r) => r.counts[first]! > 0).map((r) => ({ dims: r.dims, counts: r.counts.slice(first, first + width), sums: sums ? r.sums : [] }));
  return [part(0, 2), part(2, 2), part(4, 2), part(6, 3, true)];
}

/** Every population of the grouping; the cost only when `withCost` (it is summed from every supervision period). */
export async function countCells(db: DB, dims: readonly Dimension[], asOf: Date, withCost = true): Promise<Populations> {
  const counted = cellsHold(dims) ? countFromCells(db, dims) : countFromFacts(db, dims);
  const cost = withCost && dims.every((d) => COST_DIMENSIONS.includes(d)) ? costCells(db, dims, null, asOf) : Promise.resolve(null);
  // Awaited together: awaited one by one, a later statement failing while an earlier one ran was an
  // unhandled rejection, and a pool timeout under load ended the process.
  const [[h, p, c, e], k] = await Promise.all([counted, cost]);
  return { hearings: h!, people: p!, completions: c!, exits: e!, cost: k };
}

/**
 * Person-days of supervision, split by calendar month (UTC) when the grouping has MONTH and by fiscal
 * year otherwise, from each period of one technology and daily cost up to its end or `asOf`. Counted
 * at request time: days still running grow with the clock. A fiscal year's slice holds what its
 * twelve months would sum to, and a person is in it if in any of them, in a twelfth of the rows.
 */
function costCells(db: DB, dims: readonly Dimension[], fiscalYear: number | null | undefined, asOf: Date): Promise<CountRow[]> {
  const start = fiscalYear == null ? null : new Date(Date.UTC(fiscalYear - 1, 9, 1));
  const end = fiscalYear == null ? asOf : new Date(Math.min(Date.UTC(fiscalYear, 9, 1), asOf.getTime()));
  const window = start ? sql`p.started_at < ${end} and coalesce(p.ended_at, ${asOf}) > ${start}` : sql`p.started_at < ${asOf}`;
  const cols = dims.map((d) => (d === 'SUPERVISION' ? `'ON_ATD' as "supervision"` : `${DIMENSIONS[d].column} as "${DIMENSIONS[d].field}"`));
  const byMonth = dims.includes('MONTH');
  // The first instant of the slice holding `t` (a timestamp without time zone, read as UTC).
  const sliceOf = (t: SQL) => (byMonth ? sql`date_trunc('month', ${t})` : sql`(date_trunc('year', ${t} + interval '3 months') - interval '3 months')`);
  const step = sql.raw(byMonth ? `interval '1 month'` : `interval '1 year'`);
  return rowsOf(
    db,
    sql`with slices as (
          select p.a_number, e.field_office_code, p.technology, p.daily_cost_cents,
                 extract(year from m.slice_start + interval '3 months')::smallint as fiscal_year,
                 to_char(m.slice_start, 'YYYY-MM') as month,
                 extract(epoch from least(coalesce(p.ended_at, ${asOf}), ${asOf}, (m.slice_start + ${step}) at time zone 'UTC')
                                  - greatest(p.started_at, m.slice_start at time zone 'UTC')) / 86400 as days
          from outcomes.supervision_periods_copy p
          join outcomes.enrollments_copy e using (enrollment_id)
          cross join lateral generate_series(
            ${sliceOf(sql`(greatest(p.started_at, coalesce(${start}, p.started_at)) at time zone 'UTC')`)},
            ${sliceOf(sql`(least(coalesce(p.ended_at, ${asOf}), ${end}) at time zone 'UTC')`)},
            ${step}) as m(slice_start)
          where ${window}
        )
        select ${sql.raw([...cols, 'count(distinct a_number) as people', 'sum(days) as person_days', 'sum(days * daily_cost_cents) as cost_cents'].join(', '))}
        from slices where days > 0 and ${fiscalYear == null ? sql`true` : sql`fiscal_year = ${fiscalYear}`} ${sql.raw(groupBy(dims.filter((d) => d !== 'SUPERVISION')))}`,
    dims,
    ['people'],
    ['person_days', 'cost_cents'],
  );
}
