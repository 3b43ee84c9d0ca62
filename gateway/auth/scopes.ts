// Which scopes each kind of caller gets, and which it may never hold.
import { badUserInput } from '../../kit/graphql/errors.js';
import { SCOPES, type CallerKind, type Scope } from '../../kit/identity/caller.js';

const READ: Scope[] = ['enrollees:read', 'checkins:read', 'docket:read', 'representation:read', 'statistics:read'];

/** What a key of each kind gets when no scopes are named. */
export const DEFAULT_SCOPES: Record<CallerKind, Scope[]> = {
  // Caseworker screens: everything about the people they supervise, and the writes.
  staff: [...READ, 'personal:read', 'checkins.location:read', 'enrollment:write', 'checkin:write', 'docket:write', 'legal:write', 'alerts:manage'],
  // Legal-aid partners: their own clients, contact details included (they must reach them), no location.
  partner: [...READ, 'personal:read', 'alerts:manage'],
  // Developers in Sandbox: the shape of the data and the schema, no personal details.
  developer: [...READ, 'schema:read'],
};

/** No partner key may hold these, whatever is asked. */
const NEVER_FOR_PARTNERS: Scope[] = ['checkins.location:read', 'audit:read', 'enrollment:write', 'checkin:write', 'docket:write', 'legal:write'];

export function scopesFor(kind: CallerKind, requested: readonly string[] | undefined, organizationId: string | null): Scope[] {
  const unknown = (requested ?? []).filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length) throw badUserInput(`Unknown scopes: ${unknown.join(', ')}. Known: ${SCOPES.join(', ')}`, 'scopes');
  const scopes = requested?.length ? ([...new Set(requested)] as Scope[]) : DEFAULT_SCOPES[kind];
  if (kind === 'partner') {
    if (!organizationId) throw badUserInput('A partner key must name its legal organisation', 'organizationId');
    const refused = scopes.filter((s) => NEVER_FOR_PARTNERS.includes(s));
    if (refused.length) throw badUserInput(`A partner key cannot hold ${refused.join(', ')}`, 'scopes');
  } else if (organizationId) {
    throw badUserInput('Only partner keys belong to a legal organisation', 'organizationId');
  }
  return scopes;
}
