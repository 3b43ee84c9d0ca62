// `endEnrollment`: an active enrollment ends (transitioned out, terminated, absconded) and stays the
// person's current one until they are enrolled again.
import { appendAudit } from '../../shared/audit.js';
import { appendEvents } from '../../shared/events/outbox.js';
import { requireScope } from '../../shared/context.js';
import { badUserInput } from '../../../kit/graphql/errors.js';
import { inTransaction } from '../../shared/transaction.js';
import { instantWithin, requiredText } from '../../shared/validate.js';
import type { Context } from '../context.js';
import { auditEvents, type EnrollmentRow } from '../db/schema.js';
import type { EndEnrollmentInput } from '../generated/resolvers-types.js';
import { enrollmentEvents } from '../events/published.js';
import * as repo from '../repository.js';
import { lockActiveEnrollment } from './active-enrollment.js';

export async function endEnrollment({ db, loaders, caller, now }: Context, input: EndEnrollmentInput): Promise<EnrollmentRow> {
  requireScope(caller, 'enrollment:write');
  const reason = requiredText(input.reason, 'input.reason', 500);
  const endedAt = instantWithin(input.endedAt ?? now, 'input.endedAt', now, { daysBefore: 30, daysAfter: 0 });

  const ended = await inTransaction(db, async (tx) => {
    const { enrollment, aNumber } = await lockActiveEnrollment(tx, input.enrollmentId);
    if (endedAt < enrollment.startedAt) {
      throw badUserInput(`"input.endedAt" cannot be before the enrollment started (${enrollment.startedAt.toISOString()})`, 'input.endedAt');
    }
    // The last supervision period must not end before it began (check-in reads the periods).
    const lastChange = await repo.findLastSupervisionChange(tx, enrollment.id);
    if (lastChange && endedAt < lastChange.effectiveAt) {
      throw badUserInput(`"input.endedAt" cannot be before the last supervision change (${lastChange.effectiveAt.toISOString()})`, 'input.endedAt');
    }
    const after = await repo.updateEnrollment(tx, enrollment.id, { status: input.status, endedAt, endReason: reason });
    const changes = {
      status: { from: enrollment.status, to: after.status },
      endedAt: { to: endedAt.toISOString() },
      reason: { redacted: true as const },
    };
    const event = { operation: 'endEnrollment', recordType: 'Enrollment', recordId: after.id, enrolleeId: after.enrolleeId, aNumber, changes };
    await appendAudit(tx, auditEvents, caller, event, now);
    const data = { enrollmentId: after.id, enrolleeId: after.enrolleeId, aNumber, status: input.status, endedAt: endedAt.toISOString() };
    await appendEvents(tx, enrollmentEvents, [{ type: 'EnrollmentEnded', subject: after.id, data }], now);
    return after;
  });

  loaders.enrollmentsByEnrolleeId.clear(ended.enrolleeId);
  return ended;
}
