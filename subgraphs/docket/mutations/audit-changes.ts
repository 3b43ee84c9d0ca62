// What each docket write puts in the audit trail's `changes`: values for enums, instants and ids;
// free text (judge, courtroom, adjournment reason) only as `{ redacted: true }`.
import type { AuditChanges } from '../../shared/audit.js';
import type { CaseRow, HearingRow } from '../db/schema.js';

const REDACTED = { redacted: true } as const;

/** A hearing that did not exist before: every field it was created with. */
export function newHearingChanges(hearing: HearingRow): AuditChanges {
  return {
    caseId: { to: hearing.caseId },
    scheduledAt: { to: hearing.scheduledAt.toISOString() },
    calendar: { to: hearing.calendar },
    medium: { to: hearing.medium },
    status: { to: hearing.status },
    ...(hearing.judge !== null ? { judge: REDACTED } : {}),
    ...(hearing.courtroom !== null ? { courtroom: REDACTED } : {}),
  };
}

/** A SCHEDULED hearing adjourned in favour of its replacement. */
export function adjournedChanges(before: HearingRow, after: HearingRow): AuditChanges {
  return {
    status: { from: before.status, to: after.status },
    rescheduledAsId: { from: before.rescheduledAsId, to: after.rescheduledAsId },
    adjournmentReason: REDACTED,
  };
}

/** A hearing whose status (and, once held, attendance) changed. */
export function hearingStatusChanges(before: HearingRow, after: HearingRow): AuditChanges {
  return {
    status: { from: before.status, to: after.status },
    ...(before.attendance !== after.attendance ? { attendance: { from: before.attendance, to: after.attendance } } : {}),
  };
}

/** A case decided. */
export function decidedCaseChanges(before: CaseRow, after: CaseRow): AuditChanges {
  return {
    status: { from: before.status, to: after.status },
    decision: { from: before.decision, to: after.decision },
    inAbsentia: { from: before.inAbsentia, to: after.inAbsentia },
    decidedAt: { from: before.decidedAt?.toISOString() ?? null, to: after.decidedAt?.toISOString() ?? null },
  };
}

/** A SCHEDULED hearing cancelled because its case was decided. */
export const cancelledChanges = (): AuditChanges => ({ status: { from: 'SCHEDULED', to: 'CANCELLED' } });
