// What each check-in write puts in the audit trail's `changes`: values for enums and instants; the
// location and the excuse's reason only as `{ redacted: true }` (the trail says they were given).
import type { AuditChanges } from '../../shared/audit.js';
import { outcomeOf } from '../compliance.js';
import type { CheckInRow } from '../db/schema.js';
import type { CheckInWindow } from '../models.js';

const REDACTED = { redacted: true } as const;

/** A submission recorded; a late one turned a missed window into a met one. */
export function recordedChanges({ opensAt, closesAt }: CheckInWindow, row: CheckInRow, late: boolean): AuditChanges {
  const outcome = outcomeOf(closesAt, row);
  return {
    dueWindowOpensAt: { to: opensAt.toISOString() },
    submittedAt: { to: row.submittedAt?.toISOString() ?? null },
    method: { to: row.method },
    identityVerification: { to: row.verification },
    outcome: late ? { from: 'MISSED', to: outcome } : { to: outcome },
    ...(row.latitude !== null ? { location: REDACTED } : {}),
  };
}

/** A missed window excused. */
export function excusedChanges({ opensAt }: CheckInWindow): AuditChanges {
  return {
    dueWindowOpensAt: { to: opensAt.toISOString() },
    outcome: { from: 'MISSED', to: 'EXCUSED' },
    excuseReason: REDACTED,
  };
}
