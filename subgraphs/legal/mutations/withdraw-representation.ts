// withdrawRepresentation: a representative stops acting for a person. The reason is kept on the
// representation; the audit event records that it was given, not what it says, and the
// RepresentationWithdrawn event (which ends the partner's access in every domain) carries none.
import { appendAudit } from '../../shared/audit.js';
import { appendEvents } from '../../shared/events/outbox.js';
import { badUserInput, domainError, ErrorCode } from '../../../kit/graphql/errors.js';
import { inTransaction } from '../../shared/transaction.js';
import { instantWithin, requiredText } from '../../shared/validate.js';
import type { Context } from '../context.js';
import { auditEvents, type RepresentationRow } from '../db/schema.js';
import type { WithdrawRepresentationInput } from '../generated/resolvers-types.js';
import { forgetRepresentation } from '../loaders.js';
import { legalEvents } from '../events/published.js';
import * as repo from '../repository.js';

const alreadyWithdrawn = () =>
  domainError(ErrorCode.REPRESENTATION_ALREADY_WITHDRAWN, 'The representation in "input.representationId" was already withdrawn', 'input.representationId');

export async function withdrawRepresentation({ db, caller, loaders, now }: Context, input: WithdrawRepresentationInput): Promise<RepresentationRow> {
  const representationId = input.representationId.toLowerCase();
  const reason = requiredText(input.reason, 'input.reason', 500);
  const withdrawnAt = instantWithin(input.withdrawnAt ?? now, 'input.withdrawnAt', now, { daysBefore: 365, daysAfter: 0 });
  const row = await inTransaction(db, async (tx) => {
    const current = await repo.findRepresentationById(tx, representationId);
    if (!current) {
      throw domainError(ErrorCode.NOT_FOUND, 'No representation has the id given in "input.representationId"', 'input.representationId');
    }
    if (current.withdrawnAt) throw alreadyWithdrawn();
    if (withdrawnAt < current.filedAt) {
      throw badUserInput(`"input.withdrawnAt" cannot be before the representation was filed (${current.filedAt.toISOString()})`, 'input.withdrawnAt');
    }
    // Null when a concurrent withdrawal committed between the read above and this update.
    const withdrawn = await repo.withdrawIfActive(tx, representationId, withdrawnAt, reason);
    if (!withdrawn) throw alreadyWithdrawn();
    await appendAudit(
      tx,
      auditEvents,
      caller,
      {
        operation: 'withdrawRepresentation',
        recordType: 'Representation',
        recordId: withdrawn.id,
        aNumber: withdrawn.aNumber,
        changes: { withdrawnAt: { from: null, to: withdrawnAt.toISOString() }, withdrawalReason: { redacted: true } },
      },
      now,
    );
    const data = {
      representationId: withdrawn.id,
      aNumber: withdrawn.aNumber,
      organizationId: withdrawn.organizationId,
      caseId: withdrawn.caseId,
      withdrawnAt: withdrawnAt.toISOString(),
    };
    await appendEvents(tx, legalEvents, [{ type: 'RepresentationWithdrawn', subject: withdrawn.id, data }], now);
    return withdrawn;
  });
  forgetRepresentation(loaders, row);
  return row;
}
