import { describe, expect, it } from 'vitest';
import { cellsToSuppress, type Keyed } from './disclosure.js';
import { wilson } from './table.js';

const cell = (office: string, represented: boolean, counts: number[]): Keyed => ({ key: `${office}/${represented}`, dims: { fieldOfficeCode: office, represented }, counts });
const DIMS = ['fieldOfficeCode', 'represented'];

describe('cellsToSuppress', () => {
  it('withholds a count from 1 to 10 and a complement from 1 to 10, never 0 or 11', () => {
    const cells = [cell('A', true, [11, 0]), cell('B', true, [11, 11]), cell('C', true, [5, 0]), cell('D', true, [100, 95]), cell('E', true, [100, 89])];
    expect([...cellsToSuppress(cells, ['fieldOfficeCode'])].sort()).toEqual(['C/true', 'D/true']);
  });

  it('withholds a second cell in every line that would have exactly one', () => {
    const cells = [cell('A', true, [40, 38]), cell('A', false, [50, 30]), cell('B', true, [60, 30]), cell('B', false, [70, 35])];
    // A/true is withheld (2 did not attend); its office line and its representation line each need a partner,
    // and those partners' own lines need theirs: all four go.
    expect([...cellsToSuppress(cells, DIMS)].sort()).toEqual(['A/false', 'A/true', 'B/false', 'B/true']);
  });

  it('pairs a withheld cell with the smallest other cell of its line', () => {
    const cells = [cell('A', true, [3, 3]), cell('B', true, [500, 250]), cell('C', true, [50, 25])];
    expect([...cellsToSuppress(cells, ['fieldOfficeCode'])].sort()).toEqual(['A/true', 'C/true']);
  });

  it('leaves a line of one cell alone: its margin is the same count, withheld in that query too', () => {
    expect([...cellsToSuppress([cell('A', true, [3, 3])], DIMS)]).toEqual(['A/true']);
  });
});

describe('wilson', () => {
  it('matches the published interval for 81 of 263 (Wilson 1927, via Newcombe 1998: 0.2553–0.3662)', () => {
    const [lower, upper] = wilson(81, 263);
    expect(lower).toBeCloseTo(0.2553, 4);
    expect(upper).toBeCloseTo(0.3662, 4);
  });

  it('is exactly [0, …] at 0 of n and […, 1] at n of n', () => {
    expect(wilson(0, 20)[0]).toBe(0);
    expect(wilson(20, 20)[1]).toBe(1);
  });
});
