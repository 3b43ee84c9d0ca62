// Builds the outcome table from the cells' counts: one row per combination of the requested
// dimensions, each measure withheld, rounded or shown as the disclosure rule says.
import { cellsToSuppress, roundTo10, type DisclosureRule, type Keyed } from './disclosure.js';
import { DIMENSIONS, type CountRow, type Dimension, type DimensionValues, type Populations } from './repository.js';

export interface Rate {
  numerator: number | null;
  denominator: number | null;
  rate: number | null;
  lower95: number | null;
  upper95: number | null;
  suppressed: boolean;
}

export interface CostOptions {
  detentionDailyCost: number;
  averageDetentionDays: number;
}

export interface OutcomeRow {
  [dimension: string]: unknown;
  appearanceRate: Rate;
  attendanceRate: Rate;
  inAbsentiaRate: Rate;
  absconderRate: Rate;
  caseOpenAtExitRate: Rate;
  lengthInProgram: { enrollmentsEnded: number | null; averageDays: number | null; averageMonths: number | null; suppressed: boolean };
  cost: { people: number | null; personDays: number | null; atdCost: number | null; detentionCostSameDays: number | null; detentionCostAverageStay: number | null; suppressed: boolean } | null;
}

const Z = 1.959963984540054;
const DAYS_PER_MONTH = 30.436875;

/** The Wilson score interval at 95%: [lower, upper] for x of n. */
export function wilson(x: number, n: number): [number, number] {
  const p = x / n;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  // At 0 of n and n of n the bound on that side is exactly the rate (floating point can miss it by an ulp).
  return [x === 0 ? 0 : Math.max(0, centre - half), x === n ? 1 : Math.min(1, centre + half)];
}

const WITHHELD: Rate = { numerator: null, denominator: null, rate: null, lower95: null, upper95: null, suppressed: true };

function rate(numerator: number, denominator: number): Rate {
  if (denominator === 0) return { numerator, denominator, rate: null, lower95: null, upper95: null, suppressed: false };
  const [lower95, upper95] = wilson(numerator, denominator);
  return { numerator, denominator, rate: numerator / denominator, lower95, upper95, suppressed: false };
}

const keyOf = (dims: DimensionValues, fields: readonly string[]) => JSON.stringify(fields.map((f) => dims[f] ?? null));

interface Population {
  byKey: Map<string, CountRow>;
  withheld: Set<string>;
}

function population(rows: readonly CountRow[], fields: readonly string[], rule: DisclosureRule): Population {
  const keyed: Keyed[] = rows.map((r) => ({ ...r, key: keyOf(r.dims, fields) }));
  return { byKey: new Map(keyed.map((r) => [r.key, r])), withheld: rule === 'SUPPRESS_UNDER_11' ? cellsToSuppress(keyed, fields) : new Set() };
}

/**
 * The table's rows, disclosure control applied over every cell of the grouping. `only` picks the rows
 * to build (one fiscal year's slice of the year-by-year table): what is withheld is still decided over
 * the whole table, so a slice withholds what the table does.
 */
export function buildTable(populations: Populations, groupBy: readonly Dimension[], rule: DisclosureRule, costOptions: CostOptions, only?: (dims: DimensionValues) => boolean): OutcomeRow[] {
  const fields = groupBy.map((d) => DIMENSIONS[d].field);
  const count = rule === 'ROUND_TO_10' ? roundTo10 : (n: number) => n;
  const hearings = population(populations.hearings, fields, rule);
  const people = population(populations.people, fields, rule);
  const completions = population(populations.completions, fields, rule);
  const exits = population(populations.exits, fields, rule);
  const cost = populations.cost && population(populations.cost, fields, rule);

  const measure = (p: Population, key: string, numeratorAt: number): Rate => {
    if (p.withheld.has(key)) return WITHHELD;
    const row = p.byKey.get(key);
    return row ? rate(count(row.counts[numeratorAt]!), count(row.counts[0]!)) : rate(0, 0);
  };

  const all = new Map<string, DimensionValues>();
  for (const p of [hearings, people, completions, exits, ...(cost ? [cost] : [])]) for (const [key, row] of p.byKey) if (!only || only(row.dims)) all.set(key, row.dims);
  const rows = [...all.entries()].map(([key, dims]): OutcomeRow => {
    const ended = exits.byKey.get(key);
    // Averages are not counts: under either rule they need at least 11 enrollments behind them.
    const averageShown = ended && !exits.withheld.has(key) && ended.counts[0]! >= 11;
    const spent = cost?.byKey.get(key);
    const costShown = spent && !cost!.withheld.has(key) && spent.counts[0]! >= 11;
    const costApplies = cost && (!groupBy.includes('SUPERVISION') || dims.supervision === 'ON_ATD');
    return {
      ...Object.fromEntries(fields.map((f) => [f, dims[f] ?? null])),
      appearanceRate: measure(people, key, 1),
      attendanceRate: measure(hearings, key, 1),
      inAbsentiaRate: measure(completions, key, 1),
      absconderRate: measure(exits, key, 1),
      caseOpenAtExitRate: measure(exits, key, 2),
      lengthInProgram: exits.withheld.has(key) || (ended && !averageShown)
        ? { enrollmentsEnded: null, averageDays: null, averageMonths: null, suppressed: true }
        : { enrollmentsEnded: ended ? count(ended.counts[0]!) : 0, averageDays: ended ? ended.sums![0]! / ended.counts[0]! : null, averageMonths: ended ? ended.sums![0]! / ended.counts[0]! / DAYS_PER_MONTH : null, suppressed: false },
      cost: !costApplies
        ? null
        : !spent
          ? { people: 0, personDays: 0, atdCost: 0, detentionCostSameDays: 0, detentionCostAverageStay: 0, suppressed: false }
          : !costShown
            ? { people: null, personDays: null, atdCost: null, detentionCostSameDays: null, detentionCostAverageStay: null, suppressed: true }
            : {
                people: count(spent.counts[0]!),
                personDays: spent.sums![0]!,
                atdCost: spent.sums![1]! / 100,
                detentionCostSameDays: spent.sums![0]! * costOptions.detentionDailyCost,
                // From the count as shown: the exact one would be recoverable by division.
                detentionCostAverageStay: count(spent.counts[0]!) * costOptions.averageDetentionDays * costOptions.detentionDailyCost,
                suppressed: false,
              },
    };
  });
  return rows.sort((a, b) => compare(a as DimensionValues, b as DimensionValues, fields));
}

function compare(a: DimensionValues, b: DimensionValues, fields: readonly string[]): number {
  for (const f of fields) {
    const x = a[f] ?? null;
    const y = b[f] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}
