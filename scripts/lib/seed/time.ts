// Time helpers: whole days as UTC-midnight milliseconds, and wall-clock times in a court's IANA zone.
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Today at 00:00 UTC. */
export function startOfUtcDay(date = new Date()): Date {
  return new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
}

/** 'YYYY-MM-DD' by day number (ms / DAY_MS): a seed meets the same few thousand days millions of times. */
const isoDays = new Map<number, string>();

export function isoDate(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let text = isoDays.get(day);
  if (text === undefined) isoDays.set(day, (text = new Date(day * DAY_MS).toISOString().slice(0, 10)));
  return text;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** The zone's UTC offset (ms, local minus UTC) on the local calendar day starting at `dayMs`. */
function offsetOn(timeZone: string, dayMs: number): number {
  const key = `${timeZone}|${dayMs}`;
  let offset = offsets.get(key);
  if (offset !== undefined) return offset;
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, fmt);
  }
  // Sampled at 12:00 UTC: past any 02:00 local DST switch in the Americas, before the next one.
  const name = fmt.formatToParts(new Date(dayMs + 12 * HOUR_MS)).find((p) => p.type === 'timeZoneName')!.value;
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * HOUR_MS + Number(m[3]) * MINUTE_MS) : 0;
  offsets.set(key, offset);
  return offset;
}

/** The instant of `minutes` after local midnight on the local date `dayMs` (a UTC-midnight value). */
export function atLocalTime(timeZone: string, dayMs: number, minutes: number): Date {
  return new Date(dayMs + minutes * MINUTE_MS - offsetOn(timeZone, dayMs));
}

/** Moves a Saturday or Sunday to the next Monday. */
export function businessDay(dayMs: number): number {
  const weekday = new Date(dayMs).getUTCDay();
  return weekday === 6 ? dayMs + 2 * DAY_MS : weekday === 0 ? dayMs + DAY_MS : dayMs;
}

/** The UTC-midnight value of a day `days` after the day containing `ms`. */
export function dayAfter(ms: number, days: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS + days * DAY_MS;
}
