// `changeSupervision`: new technology and/or cadence for an active enrollment from now on. The old
// terms are kept in a supervision change row, so the periods before it keep their check-in windows.
import { appendAudit, type AuditChanges } from '../../shared/audit.js';
import { appendEvents } from '../../shared/events/outbox.js';
import { requireScope } from '../../shared/context.js';
import { badUserInput } from '../../../kit/graphql/errors.js';
import { inTransaction } from '../../shared/transaction.js';
import { optionalText } from '../../shared/validate.js';
import type { Context } from '../context.js';
import { DAILY_COST_CENTS } from '../daily-cost.js';
import { auditEvents, type EnrollmentRow } from '../db/schema.js';
import type { ChangeSupervisionInput } from '../generated/resolvers-types.js';
import { enrollmentEvents } from '../events/published.js';
import * as repo from '../repository.js';
import { latest, lockActiveEnrollment } from './active-enrollment.js';

/** `{ from, to }` when the value changed; nothing when it did not. */
const changed = <T>(field: string, from: T, to: T): AuditChanges => (from === to ? {} : { [field]: { from, to } });

export async function changeSupervision({ db, loaders, caller, now }: Context, input: ChangeSupervisionInput): Promise<EnrollmentRow> {
  requireScope(caller, 'enrollment:write');
  if (input.technology == null && input.checkInCadence == null) {
    throw badUserInput('Give "input.technology", "input.checkInCadence" or both', 'input');
  }
  const reason = optionalText(input.reason, 'input.reason', 500);

  const updated = await inTransaction(db, async (tx) => {
    const { enrollment: before, aNumber } = await lockActiveEnrollment(tx, input.enrollmentId);
    const technology = input.technology ?? before.technology;
    const checkInCadence = input.checkInCadence ?? before.checkInCadence;
    if (technology === before.technology && checkInCadence === before.checkInCadence) {
      throw badUserInput(
        `Nothing to change: the enrollment already uses ${technology} with ${checkInCadence} check-ins`,
        input.technology != null ? 'input.technology' : 'input.checkInCadence',
      );
    }
    // Effective now, but never before the enrollment began or the previous change took effect
    // (another replica's clock may run a little ahead): periods must follow one another.
    const previous = await repo.findLastSupervisionChange(tx, before.id);
    const effectiveAt = latest(now, before.startedAt, previous?.effectiveAt);
    await repo.insertSupervisionChange(tx, {
      enrollmentId: before.id,
      effectiveAt,
      technologyBefore: before.technology,
      checkInCadenceBefore: before.checkInCadence,
      technologyAfter: technology,
      checkInCadenceAfter: checkInCadence,
      reason,
    });
    const after = await repo.updateEnrollment(tx, before.id, { technology, checkInCadence, dailyCostCents: DAILY_COST_CENTS[technology] });
    const changes: AuditChanges = {
      ...changed('technology', before.technology, after.technology),
      ...changed('checkInCadence', before.checkInCadence, after.checkInCadence),
      ...changed('dailyCostCents', before.dailyCostCents, after.dailyCostCents),
      effectiveAt: { to: effectiveAt.toISOString() },
      ...(reason ? { reason: { redacted: true as const } } : {}),
    };
    const event = { operation: 'changeSupervision', recordType: 'Enrollment', recordId: after.id, enrolleeId: after.enrolleeId, aNumber, changes };
    await appendAudit(tx, auditEvents, caller, event, now);
    const terms = {
      enrollmentId: after.id,
      enrolleeId: after.enrolleeId,
      aNumber,
      effectiveAt: effectiveAt.toISOString(),
      technologyBefore: before.technology,
      checkInCadenceBefore: before.checkInCadence,
      technology: after.technology,
      checkInCadence: after.checkInCadence,
      dailyCostCents: after.dailyCostCents,
    };
    await appendEvents(tx, enrollmentEvents, [{ type: 'SupervisionChanged', subject: after.id, data: terms }], now);
    return after;
  });

  loaders.enrollmentsByEnrolleeId.clear(updated.enrolleeId);
  return updated;
}
