// Reads the GraphQL errors of a partial response by path, so a screen can say "not available with
// this key" exactly where a FORBIDDEN error points and show everything else.
import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import type { GraphQLFormattedError } from 'graphql';

export type Path = readonly (string | number)[];

/** A path pattern: `'*'` matches any list index. */
export type PathPattern = readonly (string | number | '*')[];

export interface FieldErrors {
  /** True when a FORBIDDEN error sits at `pattern` (exactly there: an error deeper down is that field's). */
  denied(pattern: PathPattern): boolean;
  /** Errors other than FORBIDDEN (a subgraph down, bad input): shown as a notice, not an error page. */
  others: GraphQLFormattedError[];
}

function matches(pattern: PathPattern, path: Path): boolean {
  if (path.length !== pattern.length) return false;
  return pattern.every((segment, i) => segment === '*' || segment === path[i]);
}

export function fieldErrors(error: unknown): FieldErrors {
  const errors = CombinedGraphQLErrors.is(error) ? error.errors : [];
  const forbidden = errors.filter((e) => e.extensions?.code === 'FORBIDDEN' && e.path);
  return {
    denied: (pattern) => forbidden.some((e) => matches(pattern, e.path!)),
    others: errors.filter((e) => e.extensions?.code !== 'FORBIDDEN'),
  };
}

/** The gateway refused the key itself (401, UNAUTHENTICATED): the session is over. */
export function isUnauthenticated(error: unknown): boolean {
  if (ServerError.is(error)) return error.statusCode === 401;
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

/** The whole operation was refused as FORBIDDEN (an introspection without `schema:read`). */
export function isForbidden(error: unknown): boolean {
  if (ServerError.is(error)) return error.statusCode === 403;
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'FORBIDDEN');
}
