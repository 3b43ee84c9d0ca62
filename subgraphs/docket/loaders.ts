// Per-request DataLoaders: every entity lookup and every list under an entity goes through one,
// so a page of N people costs the same handful of statements as a page of one.
import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../shared/batch.js';
import { clientsOf, type Caller } from '../shared/context.js';
import type { DB } from '../../kit/database/db.js';
import { visibilityLoader } from '../shared/partner-clients.js';
import { partnerClients, type CaseRow, type HearingRow } from './db/schema.js';
import * as repo from './repository.js';

export function createLoaders(db: DB, now: Date, caller: Caller) {
  // A partner's organisation: every loader below returns its active clients' records only.
  const partnerOrg = clientsOf(caller);
  return {
    /** May the caller see this person at all (`Enrollee` entities); true for non-partners without a query. */
    personVisible: visibilityLoader(db, partnerOrg, partnerClients.aNumber),
    courtByCode: new DataLoader(async (codes: readonly string[]) => oneByKey(codes, await repo.findCourtsByCodes(db, codes), (r) => r.code)),
    caseById: new DataLoader(async (ids: readonly string[]) => oneByKey(ids, await repo.findCasesByIds(db, ids, partnerOrg), (r) => r.id)),
    /** A person's cases, newest Notice to Appear first. */
    casesByANumber: new DataLoader(async (aNumbers: readonly string[]) =>
      manyByKey(aNumbers, await repo.findCasesByANumbers(db, aNumbers, partnerOrg), (r) => r.aNumber),
    ),
    hearingById: new DataLoader(async (ids: readonly string[]) => oneByKey(ids, await repo.findHearingsByIds(db, ids, partnerOrg), (r) => r.id)),
    hearingsByCaseId: new DataLoader(async (caseIds: readonly string[]) =>
      manyByKey(caseIds, await repo.findHearingsByCaseIds(db, caseIds, partnerOrg), (r) => r.caseId),
    ),
    nextHearingByANumber: new DataLoader(async (aNumbers: readonly string[]) =>
      oneByKey(aNumbers, await repo.findNextHearingsByANumbers(db, aNumbers, now, partnerOrg), (r) => r.aNumber),
    ),
    /** One page of a person's hearings (`limit + 1` rows): one statement per sort direction for every page asked. */
    hearingPage: new DataLoader(
      async (keys: readonly repo.HearingPageKey[]) => {
        const rows = await repo.findHearingPages(db, keys, now, partnerOrg);
        return keys.map((key) => cutHearingPage(rows, key, now));
      },
      { cacheKeyFn: (key) => `${key.aNumber}|${key.when}|${key.limit}|${key.after?.join('|') ?? ''}` },
    ),
    /** How many hearings a person has under a `when` filter; keys are `${aNumber}|${when}`. */
    hearingCount: new DataLoader(async (keys: readonly string[]) => {
      const byWhen = new Map<repo.When, string[]>();
      for (const key of keys) {
        const [aNumber, when] = key.split('|') as [string, repo.When];
        byWhen.set(when, [...(byWhen.get(when) ?? []), aNumber]);
      }
      const counts = new Map<string, number>();
      await Promise.all(
        [...byWhen].map(async ([when, aNumbers]) => {
          for (const row of await repo.countHearingsByANumbers(db, aNumbers, when, now, partnerOrg)) counts.set(`${row.aNumber}|${when}`, row.n);
        }),
      );
      return keys.map((key) => counts.get(key) ?? 0);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * After a write, within the same request: the written rows replace any cached copy, and every
 * cached list or lookup they may change is dropped, so fields resolved afterwards (nested under
 * the mutation's result, or in a later mutation of the same operation) read fresh data.
 */
export function forgetWritten(loaders: Loaders, written: { hearings?: readonly HearingRow[]; cases?: readonly CaseRow[] }): void {
  for (const row of written.hearings ?? []) {
    loaders.hearingById.clear(row.id).prime(row.id, row);
    loaders.hearingsByCaseId.clear(row.caseId);
    loaders.nextHearingByANumber.clear(row.aNumber);
  }
  for (const row of written.cases ?? []) {
    loaders.caseById.clear(row.id).prime(row.id, row);
    loaders.casesByANumber.clear(row.aNumber);
  }
  // Keyed by page (person, filter, size, cursor), so there is no one key per person to clear.
  loaders.hearingPage.clearAll();
  loaders.hearingCount.clearAll();
}

// The rows hold every page asked for; a page is the first `limit + 1` rows that pass its own
// filter and cursor, in its own order (rows of other pages that pass it always sort after those).
function cutHearingPage(rows: readonly HearingRow[], key: repo.HearingPageKey, now: Date): HearingRow[] {
  const ascending = repo.isAscending(key.when);
  const compare = (a: HearingRow, b: HearingRow) =>
    a.scheduledAt.getTime() - b.scheduledAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const after = key.after && ({ scheduledAt: new Date(key.after[0]), id: key.after[1] } as HearingRow);
  return rows
    .filter(
      (r) =>
        r.aNumber === key.aNumber &&
        (key.when === 'ALL' || (key.when === 'UPCOMING') === r.scheduledAt > now) &&
        (!after || (ascending ? compare(r, after) > 0 : compare(r, after) < 0)),
    )
    .sort((a, b) => (ascending ? compare(a, b) : compare(b, a)))
    .slice(0, key.limit + 1);
}
