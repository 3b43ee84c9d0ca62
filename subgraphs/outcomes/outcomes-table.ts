// supervisionOutcomes: validates the arguments, counts the cells, applies disclosure control.
import type { DB } from '../../kit/database/db.js';
import { badUserInput } from '../../kit/graphql/errors.js';
import { disclosureRule } from './disclosure.js';
import { countCells, type Dimension } from './repository.js';
import { buildTable } from './table.js';

export interface OutcomesArguments {
  groupBy: readonly Dimension[];
  fiscalYear?: number | null;
  detentionDailyCost?: number | null;
  averageDetentionDays?: number | null;
}

function positive(value: number | null | undefined, fallback: number, field: string, max: number): number {
  const n = value ?? fallback;
  if (!Number.isFinite(n) || n < 0 || n > max) throw badUserInput(`${field} must be a number from 0 to ${max}`, field);
  return n;
}

/** `cost: false` leaves the cost measure out (every row's `cost` null): it is the one part counted per request. */
export async function supervisionOutcomes(db: DB, now: Date, args: OutcomesArguments, wanted: { cost: boolean } = { cost: true }) {
  const groupBy = [...args.groupBy];
  if (new Set(groupBy).size !== groupBy.length) throw badUserInput('groupBy names a dimension more than once', 'groupBy');
  if (args.fiscalYear != null && (args.fiscalYear < 1990 || args.fiscalYear > 2100)) throw badUserInput('fiscalYear must be from 1990 to 2100', 'fiscalYear');
  const costs = {
    detentionDailyCost: positive(args.detentionDailyCost, 152, 'detentionDailyCost', 100_000),
    averageDetentionDays: positive(args.averageDetentionDays, 45, 'averageDetentionDays', 3_650),
  };
  const disclosure = disclosureRule();
  const fiscalYear = args.fiscalYear ?? null;
  if (fiscalYear === null) return { asOf: now, disclosure, groupBy, rows: buildTable(await countCells(db, groupBy, now, wanted.cost), groupBy, disclosure, costs) };
  // One fiscal year is the slice of the table by fiscal year, suppressed as that table is: suppressed
  // apart, a cell the year-by-year table withholds as a complement could be shown here and, taken
  // from the total over all years, give away the cell it protects.
  const byYear: Dimension[] = groupBy.includes('FISCAL_YEAR') ? groupBy : [...groupBy, 'FISCAL_YEAR'];
  const rows = buildTable(await countCells(db, byYear, now, wanted.cost), byYear, disclosure, costs, (dims) => dims.fiscalYear === fiscalYear)
    .map((row) => (groupBy.includes('FISCAL_YEAR') ? row : { ...row, fiscalYear: null }));
  return { asOf: now, disclosure, groupBy, rows };
}
