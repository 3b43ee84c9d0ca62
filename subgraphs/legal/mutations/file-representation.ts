// fileRepresentation: a notice of appearance (EOIR-28 on a court case, G-28 before DHS), checked
// against the rules below and recorded with its audit event and its RepresentationFiled event in
// one transaction. The case it names is checked against legal's own copy of the docket's cases
// (legal.docket_cases, fed by docket's CaseOpened events), never the docket's tables.
import { appendAudit } from '../../shared/audit.js';
import { appendEvents } from '../../shared/events/outbox.js';
import { badUserInput, domainError, ErrorCode } from '../../../kit/graphql/errors.js';
import type { DB } from '../../../kit/database/db.js';
import { inTransaction, isUniqueViolation } from '../../shared/transaction.js';
import { instantWithin } from '../../shared/validate.js';
import type { Context } from '../context.js';
import { auditEvents, type RepresentationRow } from '../db/schema.js';
import type { FileRepresentationInput, RepresentationForm, RepresentationScope } from '../generated/resolvers-types.js';
import { forgetRepresentation } from '../loaders.js';
import { legalEvents } from '../events/published.js';
import * as repo from '../repository.js';

/** The partial unique index that allows one active primary representation per case. */
const ONE_PRIMARY_PER_CASE = 'representations_one_primary_idx';

interface Filing {
  aNumber: string;
  representativeId: string;
  form: RepresentationForm;
  caseId: string | null;
  scope: RepresentationScope;
  isPrimary: boolean;
  filedAt: Date;
}

/** The input as it will be stored, or BAD_USER_INPUT naming the field at fault. */
function validFiling(input: FileRepresentationInput, now: Date): Filing {
  // Ids are stored and cached in Postgres's lower-case form.
  const caseId = input.caseId?.toLowerCase() ?? null;
  if (input.form === 'EOIR_28' && !caseId) {
    throw badUserInput('"input.caseId" is required for an EOIR_28, which is filed on an immigration court case', 'input.caseId');
  }
  if (input.form === 'G_28' && caseId) {
    throw badUserInput('"input.caseId" must be absent for a G_28, which is filed before DHS, not on a court case', 'input.caseId');
  }
  return {
    aNumber: input.aNumber,
    representativeId: input.representativeId.toLowerCase(),
    form: input.form,
    caseId,
    scope: input.scope,
    isPrimary: input.isPrimary ?? true,
    filedAt: instantWithin(input.filedAt ?? now, 'input.filedAt', now, { daysBefore: 365, daysAfter: 0 }),
  };
}

/** The case must exist and be this person's: a filing on someone else's case would open their records to the partner. */
async function requireOwnCase(tx: DB, filing: Filing): Promise<void> {
  if (!filing.caseId) return;
  const docketCase = await repo.findDocketCase(tx, filing.caseId);
  if (!docketCase) throw domainError(ErrorCode.CASE_NOT_FOUND, 'No immigration case has the id given in "input.caseId"', 'input.caseId');
  if (docketCase.aNumber !== filing.aNumber) {
    throw domainError(ErrorCode.CASE_BELONGS_TO_ANOTHER_PERSON, 'The case in "input.caseId" belongs to another person than the one in "input.aNumber"', 'input.caseId');
  }
}

const primaryTaken = () =>
  domainError(
    ErrorCode.REPRESENTATION_CONFLICT,
    'The case in "input.caseId" already has an active primary representation: withdraw it first, or file with "input.isPrimary" false',
    'input.isPrimary',
  );

const alreadyRepresenting = (filing: Filing) =>
  domainError(
    ErrorCode.REPRESENTATION_CONFLICT,
    filing.caseId
      ? 'The representative in "input.representativeId" already actively represents this person on the case in "input.caseId"'
      : 'The representative in "input.representativeId" already actively represents this person before DHS (a G_28 with no case)',
    'input.representativeId',
  );

export async function fileRepresentation({ db, caller, loaders, now }: Context, input: FileRepresentationInput): Promise<RepresentationRow> {
  const filing = validFiling(input, now);
  const row = await inTransaction(db, async (tx) => {
    // Locked: a second filing by this representative waits here, then sees this one's row below.
    const representative = await repo.lockRepresentative(tx, filing.representativeId);
    if (!representative) {
      throw domainError(ErrorCode.NOT_FOUND, 'No representative has the id given in "input.representativeId"', 'input.representativeId');
    }
    await requireOwnCase(tx, filing);
    if (await repo.findActiveRepresentationOf(tx, filing)) throw alreadyRepresenting(filing);
    if (filing.isPrimary && filing.caseId && (await repo.findActivePrimaryOnCase(tx, filing.caseId))) throw primaryTaken();
    const created = await repo.insertRepresentation(tx, { ...filing, organizationId: representative.organizationId }).catch((error: unknown) => {
      // Another representative's primary filing on this case committed after the check above.
      throw isUniqueViolation(error, ONE_PRIMARY_PER_CASE) ? primaryTaken() : error;
    });
    await appendAudit(
      tx,
      auditEvents,
      caller,
      {
        operation: 'fileRepresentation',
        recordType: 'Representation',
        recordId: created.id,
        aNumber: created.aNumber,
        changes: {
          form: { to: created.form },
          scope: { to: created.scope },
          isPrimary: { to: created.isPrimary },
          caseId: { to: created.caseId },
          representativeId: { to: created.representativeId },
          organizationId: { to: created.organizationId },
          filedAt: { to: created.filedAt.toISOString() },
        },
      },
      now,
    );
    const data = {
      representationId: created.id,
      aNumber: created.aNumber,
      organizationId: created.organizationId,
      representativeId: created.representativeId,
      caseId: created.caseId,
      form: created.form,
      scope: created.scope,
      isPrimary: created.isPrimary,
      filedAt: created.filedAt.toISOString(),
    };
    await appendEvents(tx, legalEvents, [{ type: 'RepresentationFiled', subject: created.id, data }], now);
    return created;
  });
  forgetRepresentation(loaders, row);
  return row;
}
