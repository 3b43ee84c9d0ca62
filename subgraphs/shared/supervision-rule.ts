// The supervision rule, written once: the caseworker's one-glance triage from enrollment state,
// check-in compliance and the next hearing. `Enrollee.supervisionStatus` (enrollment, from the facts
// federation brings) and the worklist read model (worklist, from its event-fed copy) both call it,
// so the two can never disagree on a rule, only on facts.
export type SupervisionLevel = 'ON_TRACK' | 'NEEDS_ATTENTION' | 'URGENT' | 'NOT_SUPERVISED';
export type SupervisionReason =
  | 'NO_ACTIVE_ENROLLMENT'
  | 'ABSCONDED'
  | 'NON_COMPLIANT'
  | 'AT_RISK_OF_NON_COMPLIANCE'
  | 'CONSECUTIVE_MISSED_CHECK_INS'
  | 'HEARING_WITHIN_7_DAYS'
  | 'NO_HEARING_SCHEDULED';

export interface SupervisionFacts {
  /** The current enrollment's status (the active one, else the latest); null for nobody enrolled. */
  enrollmentStatus: string | null;
  complianceLevel: string | null;
  consecutiveMisses: number;
  /** The soonest SCHEDULED hearing starting after "now", as the caller knows it. */
  nextHearingAt: Date | null;
}

export interface SupervisionVerdict {
  level: SupervisionLevel;
  reasons: SupervisionReason[];
  daysUntilNextHearing: number | null;
  /** Higher is more urgent: the level first, then how many reasons (see urgencyOf). */
  urgency: number;
  /** The next instant the verdict changes with time alone (the hearing entering the week), or null. */
  changesAt: Date | null;
}

const DAY_MS = 86_400_000;
/** Whole days within which a hearing makes the person NEEDS_ATTENTION. */
export const HEARING_SOON_DAYS = 7;
export const LEVEL_SEVERITY: Record<SupervisionLevel, number> = { NOT_SUPERVISED: 0, ON_TRACK: 1, NEEDS_ATTENTION: 2, URGENT: 3 };
export const LEVELS = Object.keys(LEVEL_SEVERITY) as SupervisionLevel[];

/** The level decides; among equals, more reasons rank higher (an order, not a score). */
export function urgencyOf(level: SupervisionLevel, reasons: readonly SupervisionReason[]): number {
  return LEVEL_SEVERITY[level] * 100 + reasons.length;
}

export function evaluateSupervision(facts: SupervisionFacts, now: Date): SupervisionVerdict {
  const { nextHearingAt } = facts;
  const daysUntilNextHearing = nextHearingAt ? Math.ceil((nextHearingAt.getTime() - now.getTime()) / DAY_MS) : null;
  const findings: [SupervisionLevel, SupervisionReason][] = [];
  let changesAt: Date | null = null;

  if (facts.enrollmentStatus !== 'ACTIVE') {
    findings.push(facts.enrollmentStatus === 'ABSCONDED' ? ['URGENT', 'ABSCONDED'] : ['NOT_SUPERVISED', 'NO_ACTIVE_ENROLLMENT']);
  } else {
    if (facts.complianceLevel === 'NON_COMPLIANT') findings.push(['URGENT', 'NON_COMPLIANT']);
    if (facts.complianceLevel === 'AT_RISK') findings.push(['NEEDS_ATTENTION', 'AT_RISK_OF_NON_COMPLIANCE']);
    if (facts.consecutiveMisses >= 2) findings.push(['NEEDS_ATTENTION', 'CONSECUTIVE_MISSED_CHECK_INS']);
    if (daysUntilNextHearing !== null && daysUntilNextHearing <= HEARING_SOON_DAYS) findings.push(['NEEDS_ATTENTION', 'HEARING_WITHIN_7_DAYS']);
    if (!nextHearingAt) findings.push(['NEEDS_ATTENTION', 'NO_HEARING_SCHEDULED']);
    // ceil(d / DAY) <= 7 holds from exactly 7 days before the hearing; once it starts the hearing is no longer "next".
    if (nextHearingAt) {
      const entersWeek = nextHearingAt.getTime() - HEARING_SOON_DAYS * DAY_MS;
      changesAt = new Date(entersWeek > now.getTime() ? entersWeek : nextHearingAt.getTime());
    }
  }

  findings.sort((a, b) => LEVEL_SEVERITY[b[0]] - LEVEL_SEVERITY[a[0]]);
  const level: SupervisionLevel = findings[0]?.[0] ?? 'ON_TRACK';
  const reasons = findings.map(([, reason]) => reason);
  return { level, reasons, daysUntilNextHearing, urgency: urgencyOf(level, reasons), changesAt };
}
