// Who a request is for, as the gateway authenticated it and the subgraphs receive it in the
// signed hop token. Both sides speak this vocabulary, so it lives in neither.

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
  'statistics:read',
  'enrollment:write',
  'checkin:write',
  'docket:write',
  'legal:write',
  'alerts:manage',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Every scope, no organisation: the identity in-process subgraph tests run as. Servers never use it. */
export const DEVELOPMENT_CALLER: Caller = { kind: 'development', id: 'development', scopes: new Set(SCOPES), organizationId: null };
