// Per-request DataLoaders: every entity lookup and every list under an entity goes through one,
// so a page of N people or organizations costs the same handful of statements as a page of one.
import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../shared/batch.js';
import { clientsOf, type Caller } from '../shared/context.js';
import type { DB } from '../../kit/database/db.js';
import { visibilityLoader } from '../shared/partner-clients.js';
import { docketCases, representations, type RepresentationRow } from './db/schema.js';
import * as repo from './repository.js';

export function createLoaders(db: DB, _now: Date, caller: Caller) {
  // A partner's organisation: the loaders below return its active clients' representations only,
  // and client lists of that organisation only (another organisation's withdrawal reasons are
  // hidden by Representation.withdrawalReason).
  const partnerOrg = clientsOf(caller);
  const ownOrganization = (id: string) => !partnerOrg || id === partnerOrg;
  return {
    /** May the caller see this person at all (`Enrollee` entities); true for non-partners without a query. */
    // Looked up by A-number in the representations themselves (their person index), filtered by the
    // partner_clients view: a client always has a representation.
    personVisible: visibilityLoader(db, partnerOrg, representations.aNumber),
    /**
     * May the caller see this docket case (`ImmigrationCase` entities, a filing's case): for a
     * partner, only its clients' cases by this domain's copy of the docket's case -> A-number pairs.
     */
    caseVisible: visibilityLoader(db, partnerOrg, docketCases.caseId, docketCases.aNumber),
    organizationById: new DataLoader(async (ids: readonly string[]) => oneByKey(ids, await repo.findOrganizationsByIds(db, ids), (r) => r.id)),
    representativeById: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await repo.findRepresentativesByIds(db, ids), (r) => r.id),
    ),
    representativesByOrganizationId: new DataLoader(async (ids: readonly string[]) =>
      manyByKey(ids, await repo.findRepresentativesByOrganizationIds(db, ids), (r) => r.organizationId!),
    ),
    representationById: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await repo.findRepresentationsByIds(db, ids, partnerOrg), (r) => r.id),
    ),
    /** All of a person's representations, newest filed first. */
    representationsByANumber: new DataLoader(async (aNumbers: readonly string[]) =>
      manyByKey(aNumbers, await repo.findRepresentationsByANumbers(db, aNumbers, partnerOrg), (r) => r.aNumber),
    ),
    counselByCaseId: new DataLoader(async (caseIds: readonly string[]) =>
      oneByKey(caseIds, await repo.findCounselByCaseIds(db, caseIds, partnerOrg), (r) => r.caseId!),
    ),
    /** One page of an organization's clients (`limit + 1` rows, by A-number): one statement for every page asked. */
    clientPage: new DataLoader(
      async (keys: readonly repo.ClientPageKey[]) => {
        // A partner sees its own organisation's clients only: another's list is simply empty.
        const asked = keys.filter((key) => ownOrganization(key.organizationId));
        const rows = asked.length ? await repo.findClientPages(db, asked, partnerOrg) : [];
        return keys.map((key) => clientPage(rows, key));
      },
      { cacheKeyFn: (key) => `${key.organizationId}|${key.limit}|${key.after ?? ''}` },
    ),
    clientCountByOrganizationId: new DataLoader(async (ids: readonly string[]) => {
      const asked = ids.filter(ownOrganization);
      const counts = asked.length ? await repo.countClientsByOrganizationIds(db, asked, partnerOrg) : [];
      return oneByKey(ids, counts, (r) => r.organizationId!).map((r) => r?.n ?? 0);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

// Rows come sorted by A-number and hold at most one row per (organization, person); several pages
// of one organization may share rows, so each page is cut out by its own cursor and size.
function clientPage(rows: readonly RepresentationRow[], key: repo.ClientPageKey): RepresentationRow[] {
  const page: RepresentationRow[] = [];
  for (const row of rows) {
    if (page.length > key.limit) break;
    if (row.organizationId === key.organizationId && (key.after === null || row.aNumber > key.after)) page.push(row);
  }
  return page;
}

/**
 * After a mutation wrote `row`: every cached read that could include it is dropped (and the row
 * itself primed), so the returned representation and anything nested under it in the same request
 * (the person's representation, a case's counsel, an organization's clients) reads what committed.
 */
export function forgetRepresentation(loaders: Loaders, row: RepresentationRow): void {
  loaders.representationById.clear(row.id).prime(row.id, row);
  loaders.representationsByANumber.clear(row.aNumber);
  if (row.caseId) loaders.counselByCaseId.clear(row.caseId);
  if (row.organizationId) loaders.clientCountByOrganizationId.clear(row.organizationId);
  // Client pages are cached by (organization, size, cursor); which pages hold the row is unknown.
  loaders.clientPage.clearAll();
}
