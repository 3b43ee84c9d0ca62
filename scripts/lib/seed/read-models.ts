// What check-in last published about a person's compliance (checkin.compliance_states) and the
// worklist read model's rows, written from the same generated rows the domains get, as the
// compliance-evaluation job and the worklist's consumers would have left them at `evaluatedAt`
// (the moment of seeding, so a fresh system agrees with the federated supervisionStatus). Both
// call the domains' own rules: check-in's compliance and the shared supervision rule.
import { computeCompliance, outcomeOf } from '../../../subgraphs/checkin/compliance.js';
import { currentWindowClose, nextEvaluation } from '../../../subgraphs/checkin/compliance-state.js';
import { windowsClosedWithin } from '../../../subgraphs/checkin/timeline.js';
import type { Term } from '../../../subgraphs/checkin/windows.js';
import { derived } from '../../../subgraphs/worklist/evaluate.js';
import type { EnrollmentPlan, Person } from './enrollment.js';
import type { Batch } from './writer.js';

const SPAN_MS = 90 * 86_400_000;

export interface PersonRows {
  person: Person;
  checkIns: readonly unknown[][];
  hearings: readonly unknown[][];
  representations: readonly unknown[][];
}

const termOf = (e: EnrollmentPlan): Term => ({ technology: e.technology, checkInCadence: e.cadence, startedAt: new Date(e.startedAt), endedAt: e.endedAt === null ? null : new Date(e.endedAt) });

export function addReadModelRows(batch: Batch, rows: PersonRows, evaluatedAt: Date): void {
  const { person } = rows;
  const now = evaluatedAt;
  const terms = person.enrollments.map(termOf);
  // check_ins columns: id, enrollee_id, due_at, submitted_at, …, excuse_reason (9).
  const byOpening = new Map(rows.checkIns.map((r) => [(r[2] as Date).getTime(), { submittedAt: r[3] as Date | null, excuseReason: r[9] as string | null }]));
  const closed = windowsClosedWithin(terms, now, SPAN_MS).map((w) => ({ ...w, outcome: outcomeOf(w.closesAt, byOpening.get(w.opensAt.getTime()) ?? null) }));
  const summary = computeCompliance(closed, now);
  const compliance = { level: summary?.level ?? null, consecutiveMisses: summary?.consecutiveMisses ?? 0, windowClosesAt: currentWindowClose(terms, now) };
  batch.add('complianceStates', [person.id, compliance.level, compliance.consecutiveMisses, compliance.windowClosesAt, now, nextEvaluation(terms, closed, now)]);
  // What alerts' fan-out would hold had it seen that state published (its previous level for compliance.changed).
  batch.add('alertsComplianceLevels', [person.id, compliance.level, compliance.consecutiveMisses]);
  // Every miss as reported once (check-in's record of it) and as the worklist copied it.
  for (const w of closed) {
    if (w.outcome !== 'MISSED') continue;
    batch.add('reportedMisses', [person.id, w.opensAt, w.closesAt]);
    batch.add('worklistMissedCheckIns', [person.id, w.opensAt, w.closesAt]);
  }

  // hearings columns: id, case_id, a_number, court_code, scheduled_at, …, status (9).
  const scheduled = rows.hearings.filter((h) => h[9] === 'SCHEDULED').map((h) => ({ hearingId: h[0] as string, courtCode: h[3] as string, scheduledAt: h[4] as Date }));
  for (const h of scheduled) batch.add('worklistHearings', [h.hearingId, person.aNumber, h.courtCode, h.scheduledAt, person.office.code]);
  const next = scheduled.filter((h) => h.scheduledAt > now).sort((a, b) => a.scheduledAt.getTime() - b.scheduledAt.getTime() || a.hearingId.localeCompare(b.hearingId))[0] ?? null;
  // representations columns: id, a_number, …, organization_id (4), …, withdrawn_at (9).
  const active = rows.representations.filter((r) => !r[9]);
  for (const r of active) batch.add('worklistRepresentations', [r[0], person.aNumber]);

  let lastCheckInAt: Date | null = null;
  for (const r of rows.checkIns) if (r[3] && (!lastCheckInAt || (r[3] as Date) > lastCheckInAt)) lastCheckInAt = r[3] as Date;
  const current = person.enrollments.find((e) => e.isCurrent) ?? person.enrollments.at(-1)!;
  const facts = { enrollmentStatus: current.status, complianceLevel: compliance.level, consecutiveMisses: compliance.consecutiveMisses, lastCheckInAt };
  const d = derived(facts, next, active.length > 0, now);
  batch.add('worklistPeople', [
    person.id, person.aNumber, person.office.code, current.id, current.technology, current.status, compliance.level, compliance.consecutiveMisses,
    lastCheckInAt, compliance.windowClosesAt, d.nextHearingId, d.nextHearingAt, d.nextHearingCourtCode, d.represented, d.level, `{${d.reasons.join(',')}}`,
    d.urgency, d.hearingOrder, d.checkInOrder, d.evaluatedAt, d.reevaluateAt,
  ]);
}
