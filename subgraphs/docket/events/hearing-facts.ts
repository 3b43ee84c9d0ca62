// The facts every hearing event carries, from a hearing row (no judge, courtroom or reason).
import type { HearingRow } from '../db/schema.js';

export function hearingFacts(row: HearingRow) {
  return {
    hearingId: row.id,
    caseId: row.caseId,
    aNumber: row.aNumber,
    courtCode: row.courtCode,
    scheduledAt: row.scheduledAt.toISOString(),
    calendar: row.calendar,
    medium: row.medium,
  };
}
