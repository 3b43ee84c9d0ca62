// scheduleHearing: a new SCHEDULED hearing at the case's court, for the case's respondent.
import { appendAudit } from '../../shared/audit.js';
import { appendEvents } from '../../shared/events/outbox.js';
import { requireScope } from '../../shared/context.js';
import { notFound } from '../../../kit/graphql/errors.js';
import { inTransaction } from '../../shared/transaction.js';
import { optionalText } from '../../shared/validate.js';
import type { Context } from '../context.js';
import { auditEvents, type HearingRow } from '../db/schema.js';
import type { ScheduleHearingInput } from '../generated/resolvers-types.js';
import { forgetWritten } from '../loaders.js';
import { docketEvents } from '../events/published.js';
import { hearingFacts } from '../events/hearing-facts.js';
import * as repo from '../repository.js';
import { newHearingChanges } from './audit-changes.js';
import { hearingStart, requirePending } from './rules.js';

export async function scheduleHearing({ db, loaders, caller, now }: Context, input: ScheduleHearingInput): Promise<HearingRow> {
  requireScope(caller, 'docket:write');
  const caseId = input.caseId.toLowerCase();
  const scheduledAt = hearingStart(input.scheduledAt, 'input.scheduledAt', now);
  const judge = optionalText(input.judge, 'input.judge', 200);
  const courtroom = optionalText(input.courtroom, 'input.courtroom', 50);

  const hearing = await inTransaction(db, async (tx) => {
    // FOR SHARE: a decision on this case waits for this hearing, and so cancels it.
    const immigrationCase = await repo.lockCase(tx, caseId, 'share');
    if (!immigrationCase) throw notFound(`Immigration case "${caseId}"`, 'input.caseId');
    requirePending(immigrationCase, 'input.caseId');
    const row = await repo.insertHearing(tx, {
      caseId,
      aNumber: immigrationCase.aNumber,
      courtCode: immigrationCase.courtCode,
      scheduledAt,
      calendar: input.calendar,
      medium: input.medium,
      judge,
      courtroom,
      status: 'SCHEDULED',
    });
    await appendAudit(
      tx,
      auditEvents,
      caller,
      { operation: 'scheduleHearing', recordType: 'Hearing', recordId: row.id, aNumber: row.aNumber, changes: newHearingChanges(row) },
      now,
    );
    await appendEvents(tx, docketEvents, [{ type: 'HearingScheduled', subject: row.id, data: { ...hearingFacts(row), status: 'SCHEDULED' } }], now);
    return row;
  });
  forgetWritten(loaders, { hearings: [hearing] });
  return hearing;
}
