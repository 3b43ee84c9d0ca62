// Errors a client can act on: every one carries a stable `extensions.code`.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** An `after` cursor this list did not write (forged, altered, or from another list). */
  INVALID_CURSOR: 'INVALID_CURSOR',
  /** A string argument holding a character no text column can store (U+0000). */
  INVALID_STRING: 'INVALID_STRING',
  // Business rules of the write path, one code per rule.
  ENROLLMENT_ALREADY_ACTIVE: 'ENROLLMENT_ALREADY_ACTIVE',
  ENROLLMENT_NOT_ACTIVE: 'ENROLLMENT_NOT_ACTIVE',
  NO_CHECK_IN_DUE: 'NO_CHECK_IN_DUE',
  CHECK_IN_ALREADY_RECORDED: 'CHECK_IN_ALREADY_RECORDED',
  CHECK_IN_NOT_MISSED: 'CHECK_IN_NOT_MISSED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  HEARING_IN_PAST: 'HEARING_IN_PAST',
  HEARING_NOT_SCHEDULED: 'HEARING_NOT_SCHEDULED',
  HEARING_NOT_STARTED: 'HEARING_NOT_STARTED',
  CASE_ALREADY_DECIDED: 'CASE_ALREADY_DECIDED',
  REPRESENTATION_CONFLICT: 'REPRESENTATION_CONFLICT',
  REPRESENTATION_ALREADY_WITHDRAWN: 'REPRESENTATION_ALREADY_WITHDRAWN',
  // References to another domain's records, checked against this domain's copy of them.
  CASE_NOT_FOUND: 'CASE_NOT_FOUND',
  CASE_BELONGS_TO_ANOTHER_PERSON: 'CASE_BELONGS_TO_ANOTHER_PERSON',
  /** A webhook URL that is not https, or names or resolves to a private, loopback or metadata address. */
  WEBHOOK_URL_REFUSED: 'WEBHOOK_URL_REFUSED',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Bad input in a named argument or input field. */
export function badUserInput(message: string, field?: string): GraphQLError {
  return domainError(ErrorCode.BAD_USER_INPUT, message, field);
}

/** A record the caller named does not exist (or, once access rules land, is not theirs to see). */
export function notFound(what: string, field?: string): GraphQLError {
  return domainError(ErrorCode.NOT_FOUND, `${what} not found`, field);
}

/** A request refused by a rule, with its code and, where one input caused it, that field. */
export function domainError(code: ErrorCode, message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...(field ? { field } : {}) } });
}
