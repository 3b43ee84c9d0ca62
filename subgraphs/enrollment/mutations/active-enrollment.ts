// What changeSupervision and endEnrollment both start with: the enrollment, locked for the rest of
// the transaction (so concurrent changes to it run one after another and each sees the last one's
// result), refused unless it exists and is ACTIVE.
import type { DB } from '../../../kit/database/db.js';
import { domainError, ErrorCode, notFound } from '../../../kit/graphql/errors.js';
import type { EnrollmentRow } from '../db/schema.js';
import * as repo from '../repository.js';

export interface ActiveEnrollment {
  enrollment: EnrollmentRow;
  /** The person's A-number, so the audit event can be found by either key. */
  aNumber: string;
}

export async function lockActiveEnrollment(tx: DB, enrollmentId: string): Promise<ActiveEnrollment> {
  const enrollment = await repo.lockEnrollment(tx, enrollmentId);
  if (!enrollment) throw notFound(`Enrollment ${enrollmentId}`, 'input.enrollmentId');
  if (enrollment.status !== 'ACTIVE') {
    throw domainError(ErrorCode.ENROLLMENT_NOT_ACTIVE, `Enrollment ${enrollmentId} has ended (${enrollment.status}); only an ACTIVE enrollment can change`, 'input.enrollmentId');
  }
  const [enrollee] = await repo.findEnrolleesByIds(tx, [enrollment.enrolleeId]);
  return { enrollment, aNumber: enrollee!.aNumber };
}

/** The latest of some instants (a later period can never begin before an earlier one). */
export const latest = (...instants: (Date | null | undefined)[]): Date =>
  new Date(Math.max(...instants.filter((d): d is Date => d != null).map((d) => d.getTime())));
