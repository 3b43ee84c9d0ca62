import { describe, expect, it } from 'vitest';
import { activeTerm, countClosedWindows, newestWindowsBefore, openWindows, upcomingWindows, windowsClosedWithin } from './timeline.js';
import { windowsOpening, type Term } from './windows.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date('2026-03-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

const terms: Term[] = [
  { technology: 'GPS_ANKLE_MONITOR', checkInCadence: 'WEEKLY', startedAt: ago(120 * DAY), endedAt: ago(60 * DAY) },
  { technology: 'SMARTLINK', checkInCadence: 'BIWEEKLY', startedAt: ago(60 * DAY - 6 * HOUR), endedAt: null },
];

/** Every window of every term opening up to now, listed the slow way. */
const everyWindow = (ts: Term[]) => ts.flatMap((t) => windowsOpening(t, t.startedAt, new Date(now.getTime() + 1)));

describe('timeline', () => {
  it('counts closed windows arithmetically, agreeing with listing them, at any instant', () => {
    for (let offset = 0; offset < 30 * DAY; offset += 7 * HOUR) {
      const at = new Date(now.getTime() - offset);
      const listed = terms.flatMap((t) => windowsOpening(t, t.startedAt, at)).filter((w) => w.closesAt <= at);
      expect(countClosedWindows(terms, at)).toBe(listed.length);
    }
  });

  it('takes the newest windows of every term, including one that ended long before', () => {
    const newest = newestWindowsBefore(terms, new Date(now.getTime() + 1), 5);
    const all = everyWindow(terms).sort((a, b) => b.opensAt.getTime() - a.opensAt.getTime());
    expect(newest.slice(0, 9)).toEqual(all.slice(0, 9)); // 4 from the active term, then 5 from the ended one
  });

  it('finds open windows, windows closed within a span, and what comes next', () => {
    const weekly: Term = { technology: 'SMARTLINK', checkInCadence: 'WEEKLY', startedAt: ago(14 * DAY + 2 * HOUR), endedAt: null };
    expect(openWindows([weekly], now).map((w) => w.opensAt)).toEqual([ago(2 * HOUR)]);
    expect(windowsClosedWithin([weekly], now, 90 * DAY).map((w) => w.opensAt)).toEqual([ago(7 * DAY + 2 * HOUR)]);
    expect(upcomingWindows(weekly, now).map((w) => w.opensAt)).toEqual([ago(2 * HOUR), new Date(now.getTime() + 7 * DAY - 2 * HOUR)]);
    expect(activeTerm(terms)).toBe(terms[1]);
    expect(activeTerm([terms[0]!])).toBeNull();
  });
});
