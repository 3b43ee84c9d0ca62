// Enrollee.supervisionStatus: the shared supervision rule (shared/supervision-rule.ts) over the
// current enrollment and the facts federation brings from check-in and the docket.
import { evaluateSupervision } from '../shared/supervision-rule.js';
import type { EnrollmentRow } from './db/schema.js';
import type { EnrolleeModel } from './models.js';

export function supervisionStatus(
  current: EnrollmentRow | null,
  compliance: EnrolleeModel['compliance'],
  nextHearing: EnrolleeModel['nextHearing'],
  now: Date,
) {
  const nextHearingAt = nextHearing ? new Date(nextHearing.scheduledAt) : null;
  const verdict = evaluateSupervision(
    { enrollmentStatus: current?.status ?? null, complianceLevel: compliance?.level ?? null, consecutiveMisses: compliance?.consecutiveMisses ?? 0, nextHearingAt },
    now,
  );
  return {
    level: verdict.level,
    reasons: verdict.reasons,
    enrollmentStatus: current?.status ?? null,
    complianceLevel: compliance?.level ?? null,
    nextHearingAt,
    daysUntilNextHearing: verdict.daysUntilNextHearing,
  };
}
