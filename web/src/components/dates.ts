// Times for people: a hearing in the court's own time zone (what the notice says) and in the viewer's.
export const viewerTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A missing value (null where the schema lets a field be null) reads as a dash. */
const NONE = '—';

export function formatInZone(instant: string | null | undefined, timeZone: string | null | undefined): string {
  if (!instant || !timeZone) return NONE;
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'full', timeStyle: 'short', timeZone, timeZoneName: undefined }).format(new Date(instant));
}

export function formatDate(instant: string | null | undefined, timeZone?: string): string {
  if (!instant) return NONE;
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone }).format(new Date(instant));
}

export function formatDateTime(instant: string | null | undefined, timeZone?: string): string {
  if (!instant) return NONE;
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(instant));
}

export const percent = (rate: number | null | undefined) => (rate == null ? '—' : `${Math.round(rate * 100)}%`);
