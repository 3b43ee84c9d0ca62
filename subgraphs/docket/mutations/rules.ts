// The docket's business rules for writes, one function per rule, each refusing with its own code.
import { domainError, ErrorCode } from '../../../kit/graphql/errors.js';
import { instantWithin } from '../../shared/validate.js';
import type { CaseRow, HearingRow } from '../db/schema.js';

/** Three years, counting one leap day: courts do not calendar hearings further out than that. */
export const MAX_DAYS_AHEAD = 3 * 365 + 1;

/** A new hearing's start: strictly after now (HEARING_IN_PAST) and at most three years ahead (BAD_USER_INPUT). */
export function hearingStart(value: Date, field: string, now: Date): Date {
  if (value.getTime() <= now.getTime()) {
    throw domainError(ErrorCode.HEARING_IN_PAST, `"${field}" must be after now: a hearing cannot be scheduled to start in the past`, field);
  }
  return instantWithin(value, field, now, { daysBefore: 0, daysAfter: MAX_DAYS_AHEAD });
}

/** A hearing can only be rescheduled or held while it is on the calendar. */
export function requireScheduled(hearing: HearingRow, field: string): void {
  if (hearing.status !== 'SCHEDULED') {
    throw domainError(ErrorCode.HEARING_NOT_SCHEDULED, `Hearing "${hearing.id}" is ${hearing.status}, not SCHEDULED`, field);
  }
}

/** An outcome can only be recorded once the hearing's start time has come. */
export function requireStarted(hearing: HearingRow, now: Date, field: string): void {
  if (hearing.scheduledAt.getTime() > now.getTime()) {
    throw domainError(ErrorCode.HEARING_NOT_STARTED, `Hearing "${hearing.id}" starts at ${hearing.scheduledAt.toISOString()} and has not started yet`, field);
  }
}

/** A decided case takes no new hearings and no second decision. */
export function requirePending(immigrationCase: CaseRow, field: string): void {
  if (immigrationCase.status !== 'PENDING') {
    throw domainError(ErrorCode.CASE_ALREADY_DECIDED, `Case "${immigrationCase.id}" was already decided`, field);
  }
}
