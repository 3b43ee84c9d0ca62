// Disclosure control for the outcome table, applied before anything leaves the subgraph.
//
// SUPPRESS_UNDER_11 (the CMS cell-size rule): a population's cell is withheld when any count it
// would show, or the difference of two it would show (denominator − numerator), is from 1 to 10.
// Complementary suppression then makes sure no withheld cell can be recovered by subtraction: along
// every requested dimension, the cells that share every other dimension add up to one cell of the
// query without that dimension (the "one dimension fewer" query, and the row and column totals), so
// no such line may have exactly one withheld cell. Where one has, the next smallest cell of the line
// is withheld too, until no line has. A line of one cell is its own margin, which the primary rule
// withholds in that other query as well.
//
// ROUND_TO_10 (the DHS Office of Homeland Security Statistics rule): every count rounded to the
// nearest 10, rates computed from the rounded counts, so they say nothing the counts do not.
import type { CountRow } from './repository.js';

export type DisclosureRule = 'SUPPRESS_UNDER_11' | 'ROUND_TO_10';

/** The subgraph's setting: OUTCOMES_DISCLOSURE=round-to-10 picks the OHSS rule; anything else, or nothing, CMS suppression. */
export function disclosureRule(env = process.env): DisclosureRule {
  return env.OUTCOMES_DISCLOSURE === 'round-to-10' ? 'ROUND_TO_10' : 'SUPPRESS_UNDER_11';
}

const small = (n: number) => n >= 1 && n <= 10;

/**
 * The values whose smallness matters: each count, and each count's complement in the first
 * (the denominator): 95 of 100 attended says 5 did not.
 */
function disclosed(counts: readonly number[]): number[] {
  const [total = 0, ...parts] = counts;
  return [total, ...parts, ...parts.map((p) => total - p)];
}

export type Keyed = CountRow & { key: string };

/** Keys of the cells of one population to withhold under SUPPRESS_UNDER_11. */
export function cellsToSuppress(cells: readonly Keyed[], dimensions: readonly string[]): Set<string> {
  const withheld = new Set(cells.filter((c) => disclosed(c.counts).some(small)).map((c) => c.key));
  if (withheld.size === 0) return withheld;
  // Which cells share a line does not change while cells are withheld: the lines are found once.
  const lines: Keyed[][] = [];
  for (const dimension of dimensions) {
    const byLine = new Map<string, Keyed[]>();
    for (const cell of cells) {
      const line = JSON.stringify(dimensions.filter((d) => d !== dimension).map((d) => cell.dims[d] ?? null));
      const members = byLine.get(line);
      if (members) members.push(cell);
      else byLine.set(line, [cell]);
    }
    for (const members of byLine.values()) lines.push(members.sort((a, b) => a.counts[0]! - b.counts[0]! || a.key.localeCompare(b.key)));
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      let hidden = 0;
      for (const c of line) if (withheld.has(c.key)) hidden++;
      if (hidden !== 1) continue;
      // The line is in order of size: its smallest cell still shown.
      const partner = line.find((c) => !withheld.has(c.key));
      if (partner) {
        withheld.add(partner.key);
        changed = true;
      }
    }
  }
  return withheld;
}

export const roundTo10 = (n: number) => Math.round(n / 10) * 10;
