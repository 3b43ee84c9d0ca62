// What every resolver receives. Built fresh per request, so DataLoader caches never outlive one request.
import { GraphQLError } from 'graphql';
import type { DB } from '../../kit/database/db.js';
import type { SensitiveReads } from './sensitive-reads.js';
import type { Caller, Scope } from '../../kit/identity/caller.js';

export { DEVELOPMENT_CALLER, SCOPES, type Caller, type CallerKind, type Scope } from '../../kit/identity/caller.js';

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
