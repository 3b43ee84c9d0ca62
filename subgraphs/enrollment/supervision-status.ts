// The caseworker's one-glance triage: enrollment state, check-in compliance and the next hearing.
import type { EnrollmentRow } from './db/schema.js';
import type { EnrolleeModel } from './models.js';

type Level = 'ON_TRACK' | 'NEEDS_ATTENTION' | 'URGENT' | 'NOT_SUPERVISED';
type Reason =
  | 'NO_ACTIVE_ENROLLMENT'
  | 'ABSCONDED'
  | 'NON_COMPLIANT'
  | 'AT_RISK_OF_NON_COMPLIANCE'
  | 'CONSECUTIVE_MISSED_CHECK_INS'
  | 'HEARING_WITHIN_7_DAYS'
  | 'NO_HEARING_SCHEDULED';

const DAY_MS = 86_400_000;
const SEVERITY: Record<Level, number> = { NOT_SUPERVISED: 0, ON_TRACK: 1, NEEDS_ATTENTION: 2, URGENT: 3 };

export function supervisionStatus(
  current: EnrollmentRow | null,
  compliance: EnrolleeModel['compliance'],
  nextHearing: EnrolleeModel['nextHearing'],
  now: Date,
) {
  const nextHearingAt = nextHearing ? new Date(nextHearing.scheduledAt) : null;
  const daysUntilNextHearing = nextHearingAt ? Math.ceil((nextHearingAt.getTime() - now.getTime()) / DAY_MS) : null;
  const findings: [Level, Reason][] = [];

  if (!current || current.status !== 'ACTIVE') {
    findings.push(current?.status === 'ABSCONDED' ? ['URGENT', 'ABSCONDED'] : ['NOT_SUPERVISED', 'NO_ACTIVE_ENROLLMENT']);
  } else {
    if (compliance?.level === 'NON_COMPLIANT') findings.push(['URGENT', 'NON_COMPLIANT']);
    if (compliance?.level === 'AT_RISK') findings.push(['NEEDS_ATTENTION', 'AT_RISK_OF_NON_COMPLIANCE']);
    if ((compliance?.consecutiveMisses ?? 0) >= 2) findings.push(['NEEDS_ATTENTION', 'CONSECUTIVE_MISSED_CHECK_INS']);
    if (daysUntilNextHearing !== null && daysUntilNextHearing <= 7) findings.push(['NEEDS_ATTENTION', 'HEARING_WITHIN_7_DAYS']);
    if (!nextHearingAt) findings.push(['NEEDS_ATTENTION', 'NO_HEARING_SCHEDULED']);
  }

  findings.sort((a, b) => SEVERITY[b[0]] - SEVERITY[a[0]]);
  const level: Level = findings[0]?.[0] ?? 'ON_TRACK';
  return {
    level,
    reasons: findings.map(([, reason]) => reason),
    enrollmentStatus: current?.status ?? null,
    complianceLevel: compliance?.level ?? null,
    nextHearingAt,
    daysUntilNextHearing,
  };
}
