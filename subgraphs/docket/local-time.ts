// A hearing is stored as an instant; people read it as the court's wall clock. Intl knows every
// IANA zone and its daylight-saving rules, so no time-zone library is needed for this.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The instant's date (`YYYY-MM-DD`) and time (`HH:mm:ss`) on a wall clock in `timeZone`. */
export function wallClock(instant: Date, timeZone: string): { date: string; time: string } {
  const parts: Record<string, string> = {};
  for (const { type, value } of formatterFor(timeZone).formatToParts(instant)) parts[type] = value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

/** A `Date` scalar value (UTC midnight) as the `YYYY-MM-DD` it stands for. */
export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);
