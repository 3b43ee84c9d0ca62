import { describe, expect, it } from 'vitest';
import type { Term } from '../windows.js';
import { closesAtOf, submissionCandidates, windowOpeningAt } from './windows-for-writes.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = new Date('2026-01-01T09:00:00.000Z');
const at = (ms: number) => new Date(start.getTime() + ms);
// Weekly SmartLINK: window k opens k weeks after the start and stays open 24 hours.
const weekly: Term = { technology: 'SMARTLINK', checkInCadence: 'WEEKLY', startedAt: start, endedAt: null };

describe('windowOpeningAt', () => {
  it('finds only the exact opening instant of a window inside a term', () => {
    expect(windowOpeningAt([weekly], at(14 * DAY))).toMatchObject({ opensAt: at(14 * DAY), closesAt: at(15 * DAY) });
    expect(windowOpeningAt([weekly], at(14 * DAY + 1))).toBeNull();
    // The start itself is not a window; nothing opens before it or after an end.
    expect(windowOpeningAt([weekly], start)).toBeNull();
    expect(windowOpeningAt([weekly], at(-7 * DAY))).toBeNull();
    expect(windowOpeningAt([{ ...weekly, endedAt: at(10 * DAY) }], at(14 * DAY))).toBeNull();
  });

  it('gives a window no longer on the schedule its term window length', () => {
    expect(closesAtOf([weekly], at(14 * DAY + HOUR))).toEqual(at(15 * DAY + HOUR));
    expect(closesAtOf([], at(HOUR))).toEqual(at(DAY + HOUR));
  });
});

describe('submissionCandidates', () => {
  it('offers the open window while it is open, then the closed one until the next opens', () => {
    expect(submissionCandidates([weekly], at(7 * DAY))).toMatchObject({ open: { opensAt: at(7 * DAY) }, closed: null });
    expect(submissionCandidates([weekly], at(8 * DAY - 1))).toMatchObject({ open: { opensAt: at(7 * DAY) }, closed: null });
    expect(submissionCandidates([weekly], at(8 * DAY))).toMatchObject({ open: null, closed: { opensAt: at(7 * DAY) } });
    expect(submissionCandidates([weekly], at(14 * DAY - 1))).toMatchObject({ open: null, closed: { opensAt: at(7 * DAY) } });
    expect(submissionCandidates([weekly], at(14 * DAY))).toMatchObject({ open: { opensAt: at(14 * DAY) }, closed: null });
  });

  it('offers nothing before the first window or a period after an ended term’s last', () => {
    expect(submissionCandidates([weekly], at(6 * DAY))).toEqual({ open: null, closed: null });
    const ended = { ...weekly, endedAt: at(10 * DAY) };
    expect(submissionCandidates([ended], at(13 * DAY))).toMatchObject({ closed: { opensAt: at(7 * DAY) } });
    expect(submissionCandidates([ended], at(14 * DAY))).toEqual({ open: null, closed: null });
  });

  it('across a change of schedule, prefers an open window and otherwise the latest to close', () => {
    // Monthly office visits (72 h) until day 60, then weekly SmartLINK.
    const monthly: Term = { technology: 'GPS_ANKLE_MONITOR', checkInCadence: 'MONTHLY', startedAt: start, endedAt: at(60 * DAY) };
    const next: Term = { ...weekly, startedAt: at(60 * DAY) };
    // Day 67.5: the weekly term's first window is open; the monthly one of day 56 closed on day 59.
    expect(submissionCandidates([monthly, next], at(67 * DAY + 12 * HOUR))).toMatchObject({ open: { opensAt: at(67 * DAY) }, closed: { opensAt: at(56 * DAY) } });
    // Day 69: nothing open; the weekly window (closed day 68) is more recent than the monthly one.
    expect(submissionCandidates([monthly, next], at(69 * DAY))).toMatchObject({ open: null, closed: { opensAt: at(67 * DAY) } });
  });
});
