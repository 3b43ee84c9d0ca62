// Compliance from window outcomes: pure, so the rules are unit-tested apart from the database.
import type { CheckInRow } from './db/schema.js';

export type Outcome = 'ON_TIME' | 'LATE' | 'MISSED' | 'EXCUSED';
export type ComplianceLevel = 'COMPLIANT' | 'AT_RISK' | 'NON_COMPLIANT';

export interface ComplianceSummary {
  onTimeRate30d: number | null;
  onTimeRate90d: number | null;
  missedLast30d: number;
  consecutiveMisses: number;
  level: ComplianceLevel;
}

const DAY_MS = 86_400_000;

/** How a window that has closed (or has a submission) was met. */
export function outcomeOf(closesAt: Date, row: Pick<CheckInRow, 'submittedAt' | 'excuseReason'> | null): Outcome {
  if (row?.submittedAt) return row.submittedAt.getTime() <= closesAt.getTime() ? 'ON_TIME' : 'LATE';
  if (row?.excuseReason) return 'EXCUSED';
  return 'MISSED';
}

/** On-time share of the windows that count (excused ones do not); null when none count. */
function onTimeRate(outcomes: Outcome[]): number | null {
  const counted = outcomes.filter((o) => o !== 'EXCUSED');
  return counted.length === 0 ? null : counted.filter((o) => o === 'ON_TIME').length / counted.length;
}

/**
 * Compliance over the windows that closed in the last 90 days before `now` (others are ignored);
 * null when none did.
 */
export function computeCompliance(windows: readonly { closesAt: Date; outcome: Outcome }[], now: Date): ComplianceSummary | null {
  const nowMs = now.getTime();
  const closed = windows
    .filter((w) => w.closesAt.getTime() <= nowMs && w.closesAt.getTime() > nowMs - 90 * DAY_MS)
    .sort((a, b) => b.closesAt.getTime() - a.closesAt.getTime());
  if (closed.length === 0) return null;
  const last30 = closed.filter((w) => w.closesAt.getTime() > nowMs - 30 * DAY_MS).map((w) => w.outcome);

  let consecutiveMisses = 0;
  for (const { outcome } of closed) {
    if (outcome === 'EXCUSED') continue;
    if (outcome !== 'MISSED') break;
    consecutiveMisses++;
  }
  const onTimeRate30d = onTimeRate(last30);
  const level: ComplianceLevel =
    consecutiveMisses >= 3 || (onTimeRate30d !== null && onTimeRate30d < 0.5)
      ? 'NON_COMPLIANT'
      : consecutiveMisses >= 1 || (onTimeRate30d !== null && onTimeRate30d < 0.85)
        ? 'AT_RISK'
        : 'COMPLIANT';
  return {
    onTimeRate30d,
    onTimeRate90d: onTimeRate(closed.map((w) => w.outcome)),
    missedLast30d: last30.filter((o) => o === 'MISSED').length,
    consecutiveMisses,
    level,
  };
}
