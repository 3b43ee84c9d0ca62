// What the gateway lets a client see of an error: stable codes and messages written for clients.
import type { GraphQLFormattedError } from 'graphql';
import { logEvent } from '../kit/observability/log.js';

// graphql-js suggests names it knows ('Did you mean "familyName"?') in validation errors and in
// variable coercion errors alike; Apollo's hideSchemaDetailsFromClientErrors strips the first kind
// only. In production the schema is not for every caller to explore, so no message carries one.
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** The formatter for the gateway: formatGatewayError, and in production no schema suggestions. */
export function gatewayErrorFormatter(production: boolean) {
  if (!production) return formatGatewayError;
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = formatGatewayError(formatted, error);
    return result.message.includes('Did you mean') ? { ...result, message: result.message.replace(SUGGESTION, '') } : result;
  };
}

export function formatGatewayError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  // Apollo wraps an error raised during validation in its own GRAPHQL_VALIDATION_FAILED; surface the
  // code the error was raised with: a scalar's BAD_USER_INPUT (so a malformed A-number reads the
  // same as a literal or a variable) or a request limit's own code (DEPTH_LIMIT_EXCEEDED ...).
  // graphql-js's own validation errors carry no code and keep GRAPHQL_VALIDATION_FAILED.
  const original = (error as { originalError?: { extensions?: { code?: unknown } } })?.originalError;
  const raisedWith = original?.extensions?.code;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && typeof raisedWith === 'string') {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: raisedWith } };
  }
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    logEvent('error', 'gateway error', { path: formatted.path?.join('.'), errorClass: (error as Error)?.name });
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  // Keep the code and the input field it names; drop anything else a subgraph attached (service
  // names, stack traces).
  const { field, requestId } = formatted.extensions ?? {};
  return {
    message: formatted.message,
    path: formatted.path,
    locations: formatted.locations,
    extensions: { code, ...(typeof field === 'string' ? { field } : {}), ...(typeof requestId === 'string' ? { requestId } : {}) },
  };
}
