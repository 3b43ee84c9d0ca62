// `enroll`: a new ACTIVE, current enrollment, creating the person when the A-number is new.
import { appendAudit, type AuditChanges } from '../../shared/audit.js';
import { appendEvents } from '../../shared/events/outbox.js';
import { requireScope } from '../../shared/context.js';
import type { DB } from '../../../kit/database/db.js';
import { badUserInput, domainError, ErrorCode } from '../../../kit/graphql/errors.js';
import { inTransaction, isUniqueViolation } from '../../shared/transaction.js';
import { instantWithin, requiredText } from '../../shared/validate.js';
import type { Context } from '../context.js';
import { DAILY_COST_CENTS } from '../daily-cost.js';
import { auditEvents, type EnrollmentRow } from '../db/schema.js';
import type { EnrollInput } from '../generated/resolvers-types.js';
import { enrollmentEvents } from '../events/published.js';
import * as repo from '../repository.js';
import { newPersonFields, personalFields, redactedPersonalFields, type GivenPersonalFields } from './personal-fields.js';

// The message names no one: error text can end up in client logs.
const alreadyActive = () =>
  domainError(ErrorCode.ENROLLMENT_ALREADY_ACTIVE, 'The person with this A-number already has an active enrollment; end it before enrolling again', 'input.aNumber');

/**
 * The person with this A-number, locked for the rest of the transaction, created first if new.
 * Two requests creating the same person meet at the unique A-number: the second insert waits for
 * the first to commit and inserts nothing, and that request then locks the row the first created.
 */
async function lockOrCreateEnrollee(tx: DB, aNumber: string, fieldOfficeCode: string, given: GivenPersonalFields) {
  const existing = await repo.lockEnrolleeByANumber(tx, aNumber);
  if (existing) return { enrollee: existing, createdWith: null };
  const fields = newPersonFields(given);
  const inserted = await repo.insertEnrolleeIfAbsent(tx, { ...fields, aNumber, fieldOfficeCode });
  if (inserted) {
    await repo.placeInNameOrder(tx, inserted);
    return { enrollee: inserted, createdWith: fields };
  }
  const raced = await repo.lockEnrolleeByANumber(tx, aNumber);
  return { enrollee: raced!, createdWith: null };
}

/** The new enrollment; a concurrent writer that got there first surfaces as a unique violation. */
async function insertActiveEnrollment(tx: DB, values: repo.NewEnrollment): Promise<EnrollmentRow> {
  try {
    return await repo.insertEnrollment(tx, values);
  } catch (error) {
    if (isUniqueViolation(error, 'enrollments_one_active_idx') || isUniqueViolation(error, 'enrollments_one_current_idx')) {
      throw alreadyActive();
    }
    throw error;
  }
}

export async function enroll({ db, loaders, caller, now }: Context, input: EnrollInput): Promise<EnrollmentRow> {
  requireScope(caller, 'enrollment:write');
  const fieldOfficeCode = requiredText(input.fieldOfficeCode, 'input.fieldOfficeCode', 10).toUpperCase();
  const startedAt = instantWithin(input.startedAt ?? now, 'input.startedAt', now, { daysBefore: 30, daysAfter: 0 });
  const given = personalFields(input, now);
  const aNumber = input.aNumber;

  const { enrollee, enrollment } = await inTransaction(db, async (tx) => {
    if (!(await repo.fieldOfficeExists(tx, fieldOfficeCode))) {
      throw badUserInput(`Unknown field office code "${fieldOfficeCode}"; see Query.fieldOffices`, 'input.fieldOfficeCode');
    }
    const { enrollee, createdWith } = await lockOrCreateEnrollee(tx, aNumber, fieldOfficeCode, given);
    const history = await repo.findEnrollmentsByEnrolleeIds(tx, [enrollee.id]);
    if (history.some((e) => e.status === 'ACTIVE')) throw alreadyActive();
    // Enrollments of one person never overlap: check-in would otherwise count two sets of windows.
    const lastEnded = Math.max(...history.map((e) => e.endedAt?.getTime() ?? -Infinity));
    if (startedAt.getTime() < lastEnded) {
      throw badUserInput(`"input.startedAt" cannot be before the previous enrollment ended (${new Date(lastEnded).toISOString()})`, 'input.startedAt');
    }

    await repo.clearCurrentEnrollment(tx, enrollee.id);
    const enrollment = await insertActiveEnrollment(tx, {
      enrolleeId: enrollee.id,
      technology: input.technology,
      checkInCadence: input.checkInCadence,
      status: 'ACTIVE',
      startedAt,
      dailyCostCents: DAILY_COST_CENTS[input.technology],
      isCurrent: true,
    });
    const changes: AuditChanges = {
      status: { to: enrollment.status },
      technology: { to: enrollment.technology },
      checkInCadence: { to: enrollment.checkInCadence },
      startedAt: { to: enrollment.startedAt.toISOString() },
      fieldOfficeCode: { to: fieldOfficeCode },
      ...(createdWith ? { enrolleeCreated: { to: true }, ...redactedPersonalFields(createdWith) } : {}),
    };
    const event = { operation: 'enroll', recordType: 'Enrollment', recordId: enrollment.id, enrolleeId: enrollee.id, aNumber, changes };
    await appendAudit(tx, auditEvents, caller, event, now);
    const started = {
      enrollmentId: enrollment.id,
      enrolleeId: enrollee.id,
      aNumber,
      fieldOfficeCode: enrollee.fieldOfficeCode,
      technology: enrollment.technology,
      checkInCadence: enrollment.checkInCadence,
      status: 'ACTIVE' as const,
      startedAt: enrollment.startedAt.toISOString(),
      nameOrder: await repo.findNameOrder(tx, enrollee.id),
      dailyCostCents: enrollment.dailyCostCents,
    };
    await appendEvents(tx, enrollmentEvents, [{ type: 'EnrollmentStarted', subject: enrollment.id, data: started }], now);
    return { enrollee, enrollment };
  });

  // Nested fields of the result (enrollee, enrollments, currentEnrollment) must read what was just written.
  loaders.enrolleeById.clear(enrollee.id).prime(enrollee.id, enrollee);
  loaders.enrolleeByANumber.clear(aNumber).prime(aNumber, enrollee);
  loaders.enrollmentsByEnrolleeId.clear(enrollee.id);
  return enrollment;
}
