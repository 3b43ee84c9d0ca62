// No stack trace, SQL text or driver message reaches a client: an error without a code we chose
// becomes a generic INTERNAL_SERVER_ERROR, and only its class and driver code go to the log.
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { logEvent } from './log.js';

export function maskInternalErrors(service: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    // Every code other than INTERNAL_SERVER_ERROR was set on purpose (by graphql-js, Apollo or our
    // own rules such as BAD_USER_INPUT) and its message was written for the client.
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    const original = unwrapResolverError(error) as { name?: string; code?: string } | undefined;
    // Driver messages can quote row values (personal data), so only the class and SQLSTATE are logged.
    logEvent('error', 'resolver failed', { service, path: formatted.path?.join('.'), errorClass: original?.name, sqlState: original?.code });
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
