// What every resolver receives. Built fresh per request, so DataLoader caches never outlive one request.
import { GraphQLError } from 'graphql';
import type { DB } from './db.js';
import type { SensitiveReads } from './sensitive-reads.js';

/** The three kinds of API-key holders (issue 4). */
export type CallerKind = 'staff' | 'partner' | 'developer';

/**
 * Who is calling, as the gateway vouched for it in the signed hop token: the API key's id, its
 * kind, its scopes and, for a partner legal-aid organisation, which organisation it speaks for.
 */
export interface Caller {
  kind: CallerKind | 'development';
  id: string;
  scopes: ReadonlySet<Scope>;
  organizationId: string | null;
}

/** What a caller may do, field by field; each field's docstring names the scope it needs. */
export const SCOPES = [
  'enrollees:read',
  'personal:read',
  'checkins:read',
  'checkins.location:read',
  'docket:read',
  'representation:read',
  'audit:read',
  'schema:read',
  'enrollment:write',
  'checkin:write',
  'docket:write',
  'legal:write',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Every scope, no organisation: the identity in-process subgraph tests run as. Servers never use it. */
export const DEVELOPMENT_CALLER: Caller = { kind: 'development', id: 'development', scopes: new Set(SCOPES), organizationId: null };

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
  /** Sensitive fields read in this request, audited before the response leaves. */
  sensitiveReads: SensitiveReads;
}

/** A partner sees only its organisation's active clients; null means no such restriction. */
export function clientsOf(caller: Caller): string | null {
  if (caller.kind !== 'partner') return null;
  // A partner key always names its organisation; fail closed if one somehow does not.
  return caller.organizationId ?? '00000000-0000-0000-0000-000000000000';
}
