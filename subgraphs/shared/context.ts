// What every resolver receives. Built fresh per request, so DataLoader caches never outlive one request.
import { GraphQLError } from 'graphql';
import type { DB } from './db.js';

/**
 * Who is calling. Until API keys land (issue 4) every request is the development caller; the field
 * exists now so access checks have one place to read it from.
 */
export interface Caller {
  kind: 'development';
  id: string;
  scopes: ReadonlySet<Scope>;
}

/** What a caller may do. Issue 4's API keys grant subsets; the development caller holds all. */
export const SCOPES = [
  'enrollees:read',
  'personal:read',
  'checkins:read',
  'checkins.location:read',
  'docket:read',
  'representation:read',
  'audit:read',
  'enrollment:write',
  'checkin:write',
  'docket:write',
  'legal:write',
] as const;
export type Scope = (typeof SCOPES)[number];

export const DEVELOPMENT_CALLER: Caller = { kind: 'development', id: 'development', scopes: new Set(SCOPES) };

/** Refuses the operation with FORBIDDEN unless the caller holds `scope`. */
export function requireScope(caller: Caller, scope: Scope): void {
  if (!caller.scopes.has(scope)) {
    throw new GraphQLError(`This requires the "${scope}" scope, which your API key does not hold`, { extensions: { code: 'FORBIDDEN' } });
  }
}

export interface SubgraphContext<Loaders> {
  db: DB;
  loaders: Loaders;
  caller: Caller;
  /** The instant "now" is pinned to for this request, so every field agrees on it. */
  now: Date;
}
