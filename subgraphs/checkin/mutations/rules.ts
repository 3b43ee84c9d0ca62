// The check-in domain's business rules for writes, one function per rule, each refusing with its code.
import { domainError, ErrorCode } from '../../../kit/graphql/errors.js';
import type { CheckInRow } from '../db/schema.js';
import type { Window } from '../windows.js';
import type { SubmissionCandidates } from './windows-for-writes.js';

/** The window a submission fills, and whether it fills it after the close. */
export interface Fill {
  window: Window;
  late: boolean;
}

const SUBMITTED_AT = 'input.submittedAt';
const OPENS_AT = 'input.dueWindowOpensAt';

/** The check-in domain knows a person only through their enrollment terms. */
export function requireSchedule(terms: readonly unknown[], field: string): void {
  if (terms.length === 0) {
    throw domainError(ErrorCode.NOT_FOUND, `No enrollment on record for "${field}": the check-in domain knows no check-in schedule for this person`, field);
  }
}

/**
 * A submission fills the window open at its time, else the last closed one if nothing was recorded
 * for it yet; `rowOf` gives the row already recorded for a candidate window.
 */
export function windowToFill(candidates: SubmissionCandidates, rowOf: (window: Window) => CheckInRow | null): Fill {
  const { open, closed } = candidates;
  if (open) {
    if (rowOf(open)) throw alreadyRecorded(open);
    return { window: open, late: false };
  }
  if (closed && !rowOf(closed)) return { window: closed, late: true };
  throw noCheckInDue(closed);
}

/** What `windowToFill` would have said had the window's row (inserted meanwhile by a racing request) been visible. */
export function filledMeanwhile(fill: Fill) {
  return fill.late ? noCheckInDue(fill.window) : alreadyRecorded(fill.window);
}

function alreadyRecorded(open: Window) {
  return domainError(
    ErrorCode.CHECK_IN_ALREADY_RECORDED,
    `The check-in window open at "${SUBMITTED_AT}" (opened ${open.opensAt.toISOString()}) already has a check-in or an excuse recorded`,
    SUBMITTED_AT,
  );
}

function noCheckInDue(closed: Window | null) {
  const why = closed
    ? `no window is open then, and the last one to close (at ${closed.closesAt.toISOString()}) already has a check-in or an excuse`
    : 'no window is open then, and no window closed since the last one was due';
  return domainError(ErrorCode.NO_CHECK_IN_DUE, `No check-in is due at "${SUBMITTED_AT}": ${why}`, SUBMITTED_AT);
}

/** Only a window that closed with nothing submitted and no excuse yet can be excused. */
export function requireExcusable(window: Window, row: CheckInRow | null, now: Date): void {
  if (window.closesAt > now) {
    const when = window.opensAt > now ? 'has not opened yet' : 'is still open';
    throw domainError(ErrorCode.CHECK_IN_NOT_MISSED, `The window at "${OPENS_AT}" ${when}: only a missed window can be excused`, OPENS_AT);
  }
  if (row?.submittedAt) {
    throw domainError(ErrorCode.CHECK_IN_NOT_MISSED, `The window at "${OPENS_AT}" was not missed: a check-in was submitted for it`, OPENS_AT);
  }
  if (row) throw domainError(ErrorCode.CHECK_IN_ALREADY_RECORDED, `The window at "${OPENS_AT}" was already excused`, OPENS_AT);
}
