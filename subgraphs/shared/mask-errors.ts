// No stack trace, SQL text or driver message reaches a client: an unreachable database becomes
// SERVICE_UNAVAILABLE (retry later), any other error without a code we chose becomes a generic
// INTERNAL_SERVER_ERROR, and only its class and driver code go to the log. Both carry the request
// id, so a client reporting the failure names the log lines that explain it.
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { DATABASE_UNAVAILABLE_MESSAGE, driverErrorCode, isDatabaseUnavailable } from '../../kit/database/database-unavailable.js';
import { logEvent } from '../../kit/observability/log.js';
import { currentRequestId } from '../../kit/http/request-scope.js';

export function maskInternalErrors(service: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    // Every code other than INTERNAL_SERVER_ERROR was set on purpose (by graphql-js, Apollo or our
    // own rules such as BAD_USER_INPUT) and its message was written for the client.
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    const original = unwrapResolverError(error) as { name?: string } | undefined;
    const requestId = currentRequestId();
    const where = { path: formatted.path, locations: formatted.locations };
    if (isDatabaseUnavailable(original)) {
      logEvent('warn', 'database unavailable', { service, path: formatted.path?.join('.'), errorClass: original?.name, errorCode: driverErrorCode(original) });
      return { message: DATABASE_UNAVAILABLE_MESSAGE, ...where, extensions: { code: 'SERVICE_UNAVAILABLE', ...(requestId ? { requestId } : {}) } };
    }
    // Driver messages can quote row values (personal data), so only the class and SQLSTATE are logged.
    logEvent('error', 'resolver failed', { service, path: formatted.path?.join('.'), errorClass: original?.name, sqlState: driverErrorCode(original) });
    return { message: 'Internal server error', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR', ...(requestId ? { requestId } : {}) } };
  };
}
