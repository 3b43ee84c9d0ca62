// rescheduleHearing: the SCHEDULED hearing is kept as ADJOURNED, linked to the new SCHEDULED hearing
// that replaces it. Two audit events, one per record: the old hearing (status, link, reason
// redacted) and the new one (as scheduleHearing records it).
import { appendAudit } from '../../shared/audit.js';
import { appendEvents } from '../../shared/events/outbox.js';
import { requireScope } from '../../shared/context.js';
import { notFound } from '../../../kit/graphql/errors.js';
import { inTransaction } from '../../shared/transaction.js';
import { optionalText, requiredText } from '../../shared/validate.js';
import type { Context } from '../context.js';
import { auditEvents, type HearingRow } from '../db/schema.js';
import type { RescheduleHearingInput } from '../generated/resolvers-types.js';
import { forgetWritten } from '../loaders.js';
import { docketEvents } from '../events/published.js';
import { hearingFacts } from '../events/hearing-facts.js';
import * as repo from '../repository.js';
import { adjournedChanges, newHearingChanges } from './audit-changes.js';
import { hearingStart, requireScheduled } from './rules.js';

export async function rescheduleHearing({ db, loaders, caller, now }: Context, input: RescheduleHearingInput): Promise<HearingRow> {
  requireScope(caller, 'docket:write');
  const hearingId = input.hearingId.toLowerCase();
  const scheduledAt = hearingStart(input.scheduledAt, 'input.scheduledAt', now);
  const reason = requiredText(input.reason, 'input.reason', 500);
  const judge = optionalText(input.judge, 'input.judge', 200);
  const courtroom = optionalText(input.courtroom, 'input.courtroom', 50);

  const { adjourned, replacement } = await inTransaction(db, async (tx) => {
    // Case (FOR SHARE) before hearing (FOR UPDATE): the lock order of every docket write. The hearing
    // lock is the race guard: a concurrent reschedule waits here, then finds the hearing ADJOURNED.
    const immigrationCase = await repo.lockCaseOfHearing(tx, hearingId, 'share');
    const old = immigrationCase && (await repo.lockHearing(tx, hearingId));
    if (!old) throw notFound(`Hearing "${hearingId}"`, 'input.hearingId');
    requireScheduled(old, 'input.hearingId');
    const replacement = await repo.insertHearing(tx, {
      caseId: old.caseId,
      aNumber: old.aNumber,
      courtCode: old.courtCode,
      scheduledAt,
      calendar: old.calendar,
      medium: input.medium ?? old.medium,
      judge: judge ?? old.judge,
      courtroom: courtroom ?? old.courtroom,
      status: 'SCHEDULED',
    });
    const adjourned = await repo.updateHearing(tx, old.id, { status: 'ADJOURNED', adjournmentReason: reason, rescheduledAsId: replacement.id });
    const event = { operation: 'rescheduleHearing', recordType: 'Hearing', aNumber: old.aNumber };
    await appendAudit(tx, auditEvents, caller, { ...event, recordId: old.id, changes: adjournedChanges(old, adjourned) }, now);
    await appendAudit(tx, auditEvents, caller, { ...event, recordId: replacement.id, changes: newHearingChanges(replacement) }, now);
    const data = { ...hearingFacts(replacement), hearingId: old.id, previousScheduledAt: old.scheduledAt.toISOString(), replacementHearingId: replacement.id };
    await appendEvents(tx, docketEvents, [{ type: 'HearingRescheduled', subject: old.id, data }], now);
    return { adjourned, replacement };
  });
  forgetWritten(loaders, { hearings: [adjourned, replacement] });
  return replacement;
}
