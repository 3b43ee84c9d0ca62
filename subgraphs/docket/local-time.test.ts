import { describe, expect, it } from 'vitest';
import { isoDay, wallClock } from './local-time.js';

describe('wallClock', () => {
  it('reads an instant on the court clock, daylight saving included', () => {
    // 15:00Z is 10:00 in Chicago in winter (CST, UTC-6 → 09:00) and in summer (CDT, UTC-5 → 10:00).
    expect(wallClock(new Date('2026-01-15T15:00:00Z'), 'America/Chicago')).toEqual({ date: '2026-01-15', time: '09:00:00' });
    expect(wallClock(new Date('2026-07-15T15:00:00Z'), 'America/Chicago')).toEqual({ date: '2026-07-15', time: '10:00:00' });
  });

  it('moves the date when the court is across midnight from UTC', () => {
    expect(wallClock(new Date('2026-03-01T23:30:00Z'), 'Pacific/Guam')).toEqual({ date: '2026-03-02', time: '09:30:00' });
    expect(wallClock(new Date('2026-03-02T03:00:00Z'), 'America/Los_Angeles')).toEqual({ date: '2026-03-01', time: '19:00:00' });
  });

  it('keeps midnight as 00, not 24', () => {
    expect(wallClock(new Date('2026-05-01T04:00:00Z'), 'America/New_York').time).toBe('00:00:00');
  });
});

describe('isoDay', () => {
  it('gives the calendar day a Date scalar stands for', () => {
    expect(isoDay(new Date('2026-11-25T00:00:00Z'))).toBe('2026-11-25');
  });
});
