// What the gateway lets a client see of an error: stable codes and messages written for clients.
import type { GraphQLFormattedError } from 'graphql';
import { logEvent } from '../subgraphs/shared/log.js';

export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  // graphql-js wraps a scalar's parse error in a validation error; surface the scalar's own code
  // (BAD_USER_INPUT) so a malformed A-number reads the same as a literal or a variable.
  const original = (error as { originalError?: { extensions?: { code?: unknown } } })?.originalError;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && original?.extensions?.code === 'BAD_USER_INPUT') {
    return { ...formatted, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    logEvent('error', 'gateway error', { path: formatted.path?.join('.'), errorClass: (error as Error)?.name });
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  // Keep the code and the input field it names; drop anything else a subgraph attached (service
  // names, stack traces).
  const field = formatted.extensions?.field;
  return { message: formatted.message, path: formatted.path, locations: formatted.locations, extensions: { code, ...(typeof field === 'string' ? { field } : {}) } };
}
