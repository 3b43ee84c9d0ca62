// What buildTable shows under the OHSS rounding rule: no figure may let an exact count be derived.
import { describe, expect, it } from 'vitest';
import { buildTable } from './table.js';

const COST = { detentionDailyCost: 152, averageDetentionDays: 45 };

describe('buildTable under ROUND_TO_10', () => {
  it('derives the detention cost of an average stay from the rounded count of people, not the exact one', () => {
    const populations = {
      hearings: [{ dims: {}, counts: [47, 44] }],
      people: [{ dims: {}, counts: [23, 21] }],
      completions: [{ dims: {}, counts: [14, 3] }],
      exits: [{ dims: {}, counts: [13, 1, 4], sums: [13 * 420] }],
      cost: [{ dims: {}, counts: [13], sums: [13 * 300, 13 * 300 * 420] }],
    };
    const [row] = buildTable(populations, [], 'ROUND_TO_10', COST);
    expect(row!.cost!.people).toBe(10);
    const peopleBehindTheCost = row!.cost!.detentionCostAverageStay! / (COST.averageDetentionDays * COST.detentionDailyCost);
    expect(peopleBehindTheCost).toBe(10);
    expect(row!.attendanceRate).toMatchObject({ numerator: 40, denominator: 50 });
  });
});
