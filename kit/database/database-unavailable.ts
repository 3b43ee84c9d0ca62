// Telling "the database is unreachable" apart from every other failure, so a client is told to
// retry (SERVICE_UNAVAILABLE) instead of seeing an internal error it can do nothing about.
import { GraphQLError } from 'graphql';

export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unavailable; try again shortly';

// Socket-level failures node-postgres reports with Node's error codes.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// SQLSTATEs: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now; class 08 is
// connection exceptions.
const SERVER_GOING_AWAY = new Set(['57P01', '57P02', '57P03']);
// node-postgres and pg-pool raise these as plain Errors without a code.
const DRIVER_MESSAGES = [
  /^Connection terminated/, // the server or the network closed the socket (incl. "due to connection timeout")
  /^timeout exceeded when trying to connect$/, // pg-pool's connectionTimeoutMillis
  /is not queryable$/, // a client whose connection already failed
  /^Query read timeout$/,
];

/** True when `error` (or what it wraps: drizzle puts the driver error in `cause`) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    const code = typeof current.code === 'string' ? current.code : '';
    if (NETWORK_CODES.has(code) || SERVER_GOING_AWAY.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (typeof current.message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(current!.message as string))) return true;
    // Node reports a failed connection to each address of a host name as one AggregateError.
    if (current instanceof AggregateError && current.errors.some(isDatabaseUnavailable)) return true;
    current = current.cause as typeof current;
  }
  return false;
}

/** The driver's code behind `error` (a SQLSTATE or a socket error code), for logs. */
export function driverErrorCode(error: unknown): string | undefined {
  let current = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause as typeof current;
  }
  return undefined;
}

/** The error a client sees; `http` sets the status where the failure ends the whole request (503). */
export function databaseUnavailable(extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(DATABASE_UNAVAILABLE_MESSAGE, { extensions: { code: 'SERVICE_UNAVAILABLE', ...extensions } });
}
