// Per-request DataLoaders: every entity lookup and every list under an entity goes through one,
// so a page of N people or organizations costs the same handful of statements as a page of one.
import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../shared/batch.js';
import type { DB } from '../shared/db.js';
import type { RepresentationRow } from './db/schema.js';
import * as repo from './repository.js';

export function createLoaders(db: DB) {
  return {
    organizationById: new DataLoader(async (ids: readonly string[]) => oneByKey(ids, await repo.findOrganizationsByIds(db, ids), (r) => r.id)),
    representativeById: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await repo.findRepresentativesByIds(db, ids), (r) => r.id),
    ),
    representativesByOrganizationId: new DataLoader(async (ids: readonly string[]) =>
      manyByKey(ids, await repo.findRepresentativesByOrganizationIds(db, ids), (r) => r.organizationId!),
    ),
    representationById: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await repo.findRepresentationsByIds(db, ids), (r) => r.id),
    ),
    /** All of a person's representations, newest filed first. */
    representationsByANumber: new DataLoader(async (aNumbers: readonly string[]) =>
      manyByKey(aNumbers, await repo.findRepresentationsByANumbers(db, aNumbers), (r) => r.aNumber),
    ),
    counselByCaseId: new DataLoader(async (caseIds: readonly string[]) =>
      oneByKey(caseIds, await repo.findCounselByCaseIds(db, caseIds), (r) => r.caseId!),
    ),
    /** One page of an organization's clients (`limit + 1` rows, by A-number): one statement for every page asked. */
    clientPage: new DataLoader(
      async (keys: readonly repo.ClientPageKey[]) => {
        const rows = await repo.findClientPages(db, keys);
        return keys.map((key) => clientPage(rows, key));
      },
      { cacheKeyFn: (key) => `${key.organizationId}|${key.limit}|${key.after ?? ''}` },
    ),
    clientCountByOrganizationId: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await repo.countClientsByOrganizationIds(db, ids), (r) => r.organizationId!).map((r) => r?.n ?? 0),
    ),
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
