// Input rules of the check-in mutations that the shared validators do not cover; each failure is
// BAD_USER_INPUT naming its field.
import { createHash } from 'node:crypto';
import { badUserInput } from '../../../kit/graphql/errors.js';
import { instantWithin } from '../../shared/validate.js';
import type { GeoLocationInput, RecordCheckInInput } from '../generated/resolvers-types.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,128}$/;
/** Phones' clocks drift: a submission may be stamped this far ahead of the server's clock. */
const MAX_CLOCK_AHEAD_MS = 5 * 60_000;
/** A device may queue a check-in offline; older than this it is not a check-in any more. */
const MAX_DAYS_QUEUED = 7;
const MAX_ACCURACY_METERS = 10_000;

export function idempotencyKey(value: string, field: string): string {
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw badUserInput(`"${field}" must be 8 to 128 characters of A-Z, a-z, 0-9, "_" or "-", got ${value.length} characters`, field);
  }
  return value;
}

export interface Location {
  latitude: number;
  longitude: number;
  accuracyMeters: number | null;
}

/** The scalars already checked the coordinates; the accuracy radius must be plausible. */
export function location(value: GeoLocationInput | null | undefined, field: string): Location | null {
  if (!value) return null;
  const accuracyMeters = value.accuracyMeters ?? null;
  if (accuracyMeters !== null && !(accuracyMeters >= 0 && accuracyMeters <= MAX_ACCURACY_METERS)) {
    throw badUserInput(`"${field}.accuracyMeters" must be between 0 and ${MAX_ACCURACY_METERS} metres, got ${accuracyMeters}`, `${field}.accuracyMeters`);
  }
  return { latitude: value.latitude, longitude: value.longitude, accuracyMeters };
}

/** When the check-in was made: as given (at most 5 minutes ahead, 7 days back), else now. */
export function submissionTime(value: Date | null | undefined, field: string, now: Date): Date {
  if (value == null) return now;
  if (value.getTime() > now.getTime() + MAX_CLOCK_AHEAD_MS) {
    throw badUserInput(`"${field}" cannot be more than 5 minutes in the future`, field);
  }
  return instantWithin(value, field, now, { daysBefore: MAX_DAYS_QUEUED, daysAfter: 1 });
}

/**
 * SHA-256 of the request as the client sent it, keys in a fixed order. `submittedAt` is hashed as
 * given: a resend that omitted it is the same request even though "now" has moved on.
 */
export function requestHash(input: RecordCheckInInput): string {
  const canonical = {
    enrolleeId: input.enrolleeId.toLowerCase(),
    method: input.method,
    identityVerification: input.identityVerification,
    location: input.location
      ? { latitude: input.location.latitude, longitude: input.location.longitude, accuracyMeters: input.location.accuracyMeters ?? null }
      : null,
    submittedAt: input.submittedAt ? input.submittedAt.toISOString() : null,
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}
