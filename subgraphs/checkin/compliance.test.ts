import { describe, expect, it } from 'vitest';
import { computeCompliance, outcomeOf, type Outcome } from './compliance.js';

const now = new Date('2026-03-01T12:00:00.000Z');
const DAY_MS = 86_400_000;
const daysAgo = (d: number) => new Date(now.getTime() - d * DAY_MS);

/** Windows closing 1, 8, 15 ... days ago, most recent first, with these outcomes. */
const weekly = (...outcomes: Outcome[]) => outcomes.map((outcome, i) => ({ closesAt: daysAgo(1 + 7 * i), outcome }));

describe('outcomeOf', () => {
  const closesAt = new Date('2026-02-01T00:00:00.000Z');
  it('tells on-time, late, excused and missed apart', () => {
    expect(outcomeOf(closesAt, { submittedAt: new Date('2026-01-31T10:00:00.000Z'), excuseReason: null })).toBe('ON_TIME');
    expect(outcomeOf(closesAt, { submittedAt: closesAt, excuseReason: null })).toBe('ON_TIME');
    expect(outcomeOf(closesAt, { submittedAt: new Date('2026-02-01T00:00:00.001Z'), excuseReason: null })).toBe('LATE');
    expect(outcomeOf(closesAt, { submittedAt: null, excuseReason: 'hospitalised' })).toBe('EXCUSED');
    expect(outcomeOf(closesAt, { submittedAt: null, excuseReason: null })).toBe('MISSED');
    expect(outcomeOf(closesAt, null)).toBe('MISSED');
  });
});

describe('computeCompliance', () => {
  it('is null when no window closed in the last 90 days', () => {
    expect(computeCompliance([], now)).toBeNull();
    expect(computeCompliance([{ closesAt: daysAgo(91), outcome: 'MISSED' }], now)).toBeNull();
    // A window closing after now has not closed.
    expect(computeCompliance([{ closesAt: new Date(now.getTime() + 1), outcome: 'ON_TIME' }], now)).toBeNull();
  });

  it('is COMPLIANT when every window was met on time', () => {
    expect(computeCompliance(weekly('ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME', 'ON_TIME'), now)).toEqual({
      onTimeRate30d: 1,
      onTimeRate90d: 1,
      missedLast30d: 0,
      consecutiveMisses: 0,
      level: 'COMPLIANT',
    });
  });

  it('is AT_RISK on one miss in a row, NON_COMPLIANT at three', () => {
    const onTime = Array<Outcome>(9).fill('ON_TIME');
    expect(computeCompliance(weekly('MISSED', ...onTime), now)).toMatchObject({ consecutiveMisses: 1, missedLast30d: 1, level: 'AT_RISK' });
    expect(computeCompliance(weekly('MISSED', 'MISSED', 'MISSED', ...onTime), now)).toMatchObject({ consecutiveMisses: 3, level: 'NON_COMPLIANT' });
  });

  it('skips excused windows when counting misses in a row, and any met window stops the count', () => {
    expect(computeCompliance(weekly('MISSED', 'EXCUSED', 'MISSED', 'LATE', 'MISSED'), now)).toMatchObject({ consecutiveMisses: 2, missedLast30d: 3 });
    expect(computeCompliance(weekly('LATE', 'MISSED', 'MISSED', 'MISSED'), now)).toMatchObject({ consecutiveMisses: 0 });
  });

  it('counts misses in a row back 90 days at most', () => {
    const misses = Array.from({ length: 20 }, (_, i) => ({ closesAt: daysAgo(1 + 7 * i), outcome: 'MISSED' as const }));
    expect(computeCompliance(misses, now)!.consecutiveMisses).toBe(13); // closing 1, 8, ... 85 days ago
  });

  it('leaves excused windows out of the on-time rate, and gives null when only excused ones closed', () => {
    const result = computeCompliance(weekly('ON_TIME', 'EXCUSED', 'LATE', 'ON_TIME', 'ON_TIME', 'ON_TIME'), now)!;
    expect(result.onTimeRate30d).toBe(3 / 4); // closing 1, 8, 15, 22, 29 days ago: 3 of 4 counted windows
    expect(result.onTimeRate90d).toBeCloseTo(4 / 5);
    expect(result.level).toBe('AT_RISK'); // under 85%
    expect(computeCompliance(weekly('EXCUSED'), now)).toMatchObject({ onTimeRate30d: null, onTimeRate90d: null, level: 'COMPLIANT' });
  });

  it('is NON_COMPLIANT when under half the last 30 days were on time, even with no miss in a row', () => {
    expect(computeCompliance(weekly('LATE', 'LATE', 'ON_TIME', 'LATE'), now)).toMatchObject({ onTimeRate30d: 0.25, consecutiveMisses: 0, level: 'NON_COMPLIANT' });
  });
});
