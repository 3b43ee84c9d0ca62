// Which window a write is about, by arithmetic on the schedule (no rows needed), so these rules are
// unit-tested apart from the database.
import { periodMs, termAt, windowMs } from '../timeline.js';
import { windowsOpening, type Term, type Window } from '../windows.js';

const DAY_MS = 86_400_000;
const at = (ms: number) => new Date(ms);

/** The window of one of the terms that opens exactly at `opensAt`, or null when none does. */
export function windowOpeningAt(terms: readonly Term[], opensAt: Date): Window | null {
  for (const term of terms) {
    const [window] = windowsOpening(term, opensAt, at(opensAt.getTime() + 1));
    if (window && window.opensAt.getTime() === opensAt.getTime()) return window;
  }
  return null;
}

/**
 * When the window that opened at `opensAt` closes. A row whose window the schedule no longer has
 * (its term was edited) gets its term's window length, or a day, as `lastCheckIn` does.
 */
export function closesAtOf(terms: readonly Term[], opensAt: Date): Date {
  const window = windowOpeningAt(terms, opensAt);
  if (window) return window.closesAt;
  const term = termAt(terms, opensAt);
  return at(opensAt.getTime() + (term ? windowMs(term) : DAY_MS));
}

/** The windows a check-in submitted at one instant may fill. */
export interface SubmissionCandidates {
  /** The window open at that instant (the latest-opened if terms overlap). */
  open: Window | null;
  /**
   * The most recently closed window whose successor on its schedule had not opened yet: a LATE
   * check-in may still fill it (`CheckInOutcome.LATE`: after the close, before the next opened).
   */
  closed: Window | null;
}

export function submissionCandidates(terms: readonly Term[], submittedAt: Date): SubmissionCandidates {
  let open: Window | null = null;
  let closed: Window | null = null;
  for (const term of terms) {
    const latest = latestWindowOpenedBy(term, submittedAt);
    if (!latest) continue;
    if (submittedAt < latest.closesAt) {
      if (!open || latest.opensAt > open.opensAt) open = latest;
    } else if (!closed || latest.closesAt > closed.closesAt) {
      closed = latest;
    }
  }
  return { open, closed };
}

/** The term's last window to open at or before `instant`, if it opened less than a period before. */
function latestWindowOpenedBy(term: Term, instant: Date): Window | null {
  // Windows opening in (instant - period, instant]: at most one.
  return windowsOpening(term, at(instant.getTime() - periodMs(term) + 1), at(instant.getTime() + 1)).at(-1) ?? null;
}
