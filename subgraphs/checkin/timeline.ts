// Windows across all of one person's terms, by arithmetic on the schedule (no rows needed): the
// slice a page of `checkIns` needs, how many have closed, which are open, what is due next.
import { CADENCE_DAYS, windowHoursFor, windowsOpening, type Cadence, type Term, type Window } from './windows.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export const periodMs = (term: Term): number => CADENCE_DAYS[term.checkInCadence as Cadence] * DAY_MS;
export const windowMs = (term: Term): number => windowHoursFor(term.technology) * HOUR_MS;

const at = (ms: number) => new Date(ms);

/** The term in force (no end date), the latest-started if several; null when none. */
export function activeTerm(terms: readonly Term[]): Term | null {
  let active: Term | null = null;
  for (const term of terms) {
    if (term.endedAt === null && (!active || term.startedAt > active.startedAt)) active = term;
  }
  return active;
}

/** The term a window opening at `opensAt` belongs to (or, for a stray row, the nearest earlier one). */
export function termAt(terms: readonly Term[], opensAt: Date): Term | null {
  const started = terms.filter((t) => t.startedAt < opensAt).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  return started.find((t) => t.endedAt === null || opensAt < t.endedAt) ?? started[0] ?? null;
}

/** Up to `perTerm` windows of each term opening before `before`, newest first, one per instant. */
export function newestWindowsBefore(terms: readonly Term[], before: Date, perTerm: number): Window[] {
  const all = terms.flatMap((term) => {
    // Count back from where this term's windows stop, which for an ended term is its end.
    const to = Math.min(before.getTime(), term.endedAt?.getTime() ?? Infinity);
    return windowsOpening(term, at(to - perTerm * periodMs(term)), at(to));
  });
  return uniqueNewestFirst(all);
}

/** How many windows have closed by `now` (closesAt <= now), counted without listing them. */
export function countClosedWindows(terms: readonly Term[], now: Date): number {
  let total = 0;
  for (const term of terms) {
    // Window k (k >= 1) has closed when it opened before min(end, now - length + 1ms).
    const bound = Math.min(term.endedAt?.getTime() ?? Infinity, now.getTime() - windowMs(term) + 1);
    total += Math.max(0, Math.ceil((bound - term.startedAt.getTime()) / periodMs(term)) - 1);
  }
  return total;
}

/** Windows open at `now`: opensAt <= now < closesAt. */
export function openWindows(terms: readonly Term[], now: Date): Window[] {
  return uniqueNewestFirst(terms.flatMap((term) => windowsOpening(term, at(now.getTime() - windowMs(term) + 1), at(now.getTime() + 1))));
}

/** Windows whose close fell in (now - spanMs, now]. */
export function windowsClosedWithin(terms: readonly Term[], now: Date, spanMs: number): Window[] {
  return uniqueNewestFirst(
    terms.flatMap((term) => {
      const end = now.getTime() - windowMs(term) + 1;
      return windowsOpening(term, at(end - spanMs), at(end));
    }),
  );
}

/** The term's window open at `now` (if any) and the one after it, or the next two to open. */
export function upcomingWindows(term: Term, now: Date): Window[] {
  const from = now.getTime() - windowMs(term) + 1;
  const to = Math.max(now.getTime(), term.startedAt.getTime()) + 2 * periodMs(term) + 1;
  return windowsOpening(term, at(from), at(to)).slice(0, 2);
}

function uniqueNewestFirst(windows: Window[]): Window[] {
  const byInstant = new Map<number, Window>();
  for (const w of windows) if (!byInstant.has(w.opensAt.getTime())) byInstant.set(w.opensAt.getTime(), w);
  return [...byInstant.values()].sort((a, b) => b.opensAt.getTime() - a.opensAt.getTime());
}
