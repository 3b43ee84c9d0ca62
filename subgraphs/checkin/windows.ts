// Check-in windows are arithmetic on the enrollment terms: the k-th window of a term (k >= 1)
// opens k cadence-periods after the term started and stays open `windowHours`. A window that
// closed with no check-in row is a miss; no row has to exist for it to count.
export type Cadence = 'WEEKLY' | 'BIWEEKLY' | 'MONTHLY';

export const CADENCE_DAYS: Record<Cadence, number> = { WEEKLY: 7, BIWEEKLY: 14, MONTHLY: 28 };

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** App and phone check-ins get a day; office visits (other technologies) get three. */
export function windowHoursFor(technology: string): number {
  return technology === 'SMARTLINK' || technology === 'VOICE_ID' ? 24 : 72;
}

/** One supervision period, as check-in keeps it from enrollment's events (checkin.supervision_terms). */
export interface Term {
  technology: string;
  checkInCadence: string;
  startedAt: Date;
  endedAt: Date | null;
}

export interface Window {
  opensAt: Date;
  closesAt: Date;
  technology: string;
}

/** Windows of a term that open in [from, to), oldest first. */
export function windowsOpening(term: Term, from: Date, to: Date): Window[] {
  const periodMs = CADENCE_DAYS[term.checkInCadence as Cadence] * DAY_MS;
  const start = term.startedAt.getTime();
  const end = Math.min(to.getTime(), term.endedAt?.getTime() ?? Infinity);
  const lengthMs = windowHoursFor(term.technology) * HOUR_MS;
  const first = Math.max(1, Math.ceil((from.getTime() - start) / periodMs));
  const windows: Window[] = [];
  for (let k = first; start + k * periodMs < end; k++) {
    const opensAt = start + k * periodMs;
    windows.push({ opensAt: new Date(opensAt), closesAt: new Date(opensAt + lengthMs), technology: term.technology });
  }
  return windows;
}
