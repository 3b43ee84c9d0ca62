// recordHearingOutcome: the hearing is HELD with its attendance; with a decision the case is
// COMPLETED and its other SCHEDULED hearings CANCELLED. One audit event per record changed.
import { appendAudit, type AuditChanges } from '../../shared/audit.js';
import { appendEvents } from '../../shared/events/outbox.js';
import { requireScope } from '../../shared/context.js';
import { notFound } from '../../../kit/graphql/errors.js';
import { inTransaction } from '../../shared/transaction.js';
import type { Context } from '../context.js';
import { auditEvents, type CaseRow, type HearingRow } from '../db/schema.js';
import type { RecordHearingOutcomeInput } from '../generated/resolvers-types.js';
import { forgetWritten } from '../loaders.js';
import { docketEvents } from '../events/published.js';
import * as repo from '../repository.js';
import { cancelledChanges, decidedCaseChanges, hearingStatusChanges } from './audit-changes.js';
import { requirePending, requireScheduled, requireStarted } from './rules.js';

export async function recordHearingOutcome({ db, loaders, caller, now }: Context, input: RecordHearingOutcomeInput): Promise<HearingRow> {
  requireScope(caller, 'docket:write');
  const hearingId = input.hearingId.toLowerCase();
  const decision = input.decision ?? null;

  const written = await inTransaction(db, async (tx) => {
    // Case before hearing, the lock order of every docket write. Deciding takes the case FOR UPDATE,
    // which waits out any hearing being added to it, so the cancellation below sees that hearing too.
    const immigrationCase = await repo.lockCaseOfHearing(tx, hearingId, decision ? 'update' : 'share');
    const hearing = immigrationCase && (await repo.lockHearing(tx, hearingId));
    if (!immigrationCase || !hearing) throw notFound(`Hearing "${hearingId}"`, 'input.hearingId');
    requireScheduled(hearing, 'input.hearingId');
    requireStarted(hearing, now, 'input.hearingId');
    if (decision) requirePending(immigrationCase, 'input.decision');

    const audit = (recordType: string, recordId: string, changes: AuditChanges) =>
      appendAudit(tx, auditEvents, caller, { operation: 'recordHearingOutcome', recordType, recordId, aNumber: hearing.aNumber, changes }, now);

    const outcome = (caseStatus: CaseRow['status'], cancelled: HearingRow[]) => {
      const decidedAt = decision ? now.toISOString() : null;
      const inAbsentia = decision !== null && input.attendance === 'FAILED_TO_APPEAR';
      return appendEvents(tx, docketEvents, [{
        type: 'HearingOutcomeRecorded',
        subject: hearing.id,
        data: { hearingId: hearing.id, caseId: hearing.caseId, aNumber: hearing.aNumber, status: 'HELD', attendance: input.attendance, caseStatus, decision, decidedAt, inAbsentia, cancelledHearingIds: cancelled.map((h) => h.id) },
      }], now);
    };

    const held = await repo.updateHearing(tx, hearing.id, { status: 'HELD', attendance: input.attendance });
    await audit('Hearing', held.id, hearingStatusChanges(hearing, held));
    if (!decision) {
      await outcome(immigrationCase.status, []);
      return { held, cases: [] as CaseRow[], cancelled: [] as HearingRow[] };
    }

    const decided = await repo.completeCase(tx, immigrationCase.id, {
      decision,
      decidedAt: now,
      inAbsentia: input.attendance === 'FAILED_TO_APPEAR',
    });
    await audit('ImmigrationCase', decided.id, decidedCaseChanges(immigrationCase, decided));
    const cancelled = await repo.cancelScheduledHearings(tx, decided.id, held.id);
    for (const row of cancelled) await audit('Hearing', row.id, cancelledChanges());
    await outcome(decided.status, cancelled);
    return { held, cases: [decided], cancelled };
  });
  forgetWritten(loaders, { hearings: [written.held, ...written.cancelled], cases: written.cases });
  return written.held;
}
