// excuseCheckIn: records an excuse for a missed window, in one transaction with its audit event.
import { appendAudit } from '../../shared/audit.js';
import { appendEvents } from '../../shared/events/outbox.js';
import { badUserInput } from '../../../kit/graphql/errors.js';
import { inTransaction } from '../../shared/transaction.js';
import { requiredText } from '../../shared/validate.js';
import type { Context } from '../context.js';
import { auditEvents } from '../db/schema.js';
import type { ExcuseCheckInInput } from '../generated/resolvers-types.js';
import type { CheckInWindow } from '../models.js';
import { checkinEvents } from '../events/published.js';
import { evaluateCompliance } from '../compliance-state.js';
import * as repo from '../repository.js';
import { excusedChanges } from './audit-changes.js';
import { refreshLoaders } from './refresh-loaders.js';
import { requireExcusable, requireSchedule } from './rules.js';
import { windowOpeningAt } from './windows-for-writes.js';

const OPENS_AT = 'input.dueWindowOpensAt';

export async function excuseCheckIn({ db, loaders, caller, now }: Context, input: ExcuseCheckInInput): Promise<CheckInWindow> {
  const reason = requiredText(input.reason, 'input.reason', 500);
  const enrolleeId = input.enrolleeId.toLowerCase();
  const opensAt = input.dueWindowOpensAt;

  const excused = await inTransaction(db, async (tx) => {
    const terms = await repo.findTermsByEnrolleeIds(tx, [enrolleeId]);
    requireSchedule(terms, 'input.enrolleeId');
    const window = windowOpeningAt(terms, opensAt);
    if (!window) {
      throw badUserInput(`"${OPENS_AT}" (${opensAt.toISOString()}) is not when one of this person's check-in windows opens`, OPENS_AT);
    }
    const dueAt = window.opensAt;
    const [existing] = await repo.findCheckInsByWindows(tx, [{ enrolleeId, dueAt }]);
    requireExcusable(window, existing ?? null, now);

    const row = await repo.insertCheckInForWindow(tx, { enrolleeId, dueAt, excuseReason: reason, createdAt: now });
    if (!row) {
      // A racing request recorded the window first; its committed row decides which refusal applies.
      const [winner] = await repo.findCheckInsByWindows(tx, [{ enrolleeId, dueAt }]);
      requireExcusable(window, winner ?? null, now);
      throw new Error('check-in window conflicted but its row is not visible');
    }
    const checkIn: CheckInWindow = { enrolleeId, opensAt: dueAt, closesAt: window.closesAt, row };
    await appendAudit(tx, auditEvents, caller, { operation: 'excuseCheckIn', recordType: 'CheckIn', recordId: row.id, enrolleeId, changes: excusedChanges(checkIn) }, now);
    const data = { checkInId: row.id, enrolleeId, windowOpensAt: dueAt.toISOString(), windowClosesAt: window.closesAt.toISOString() };
    await appendEvents(tx, checkinEvents, [{ type: 'CheckInExcused', subject: row.id, data }], now);
    // The window's outcome changed: what the other domains know of this person's compliance follows in the same transaction.
    await evaluateCompliance(tx, [enrolleeId], now, { reportMisses: false });
    return checkIn;
  });
  refreshLoaders(loaders, excused);
  return excused;
}
