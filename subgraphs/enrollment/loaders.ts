// Per-request DataLoaders: every entity lookup and every list under an entity goes through one,
// so a page of N enrollees costs the same handful of statements as a page of one.
import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../shared/batch.js';
import { clientsOf, type Caller } from '../shared/context.js';
import type { DB } from '../../kit/database/db.js';
import * as repo from './repository.js';

export function createLoaders(db: DB, _now: Date, caller: Caller) {
  // A partner's organisation: every loader below returns its active clients' rows only.
  const partnerOrg = clientsOf(caller);
  return {
    enrolleeById: new DataLoader(async (ids: readonly string[]) => oneByKey(ids, await repo.findEnrolleesByIds(db, ids, partnerOrg), (r) => r.id)),
    enrolleeByANumber: new DataLoader(async (aNumbers: readonly string[]) =>
      oneByKey(aNumbers, await repo.findEnrolleesByANumbers(db, aNumbers, partnerOrg), (r) => r.aNumber),
    ),
    enrollmentsByEnrolleeId: new DataLoader(async (ids: readonly string[]) =>
      manyByKey(ids, await repo.findEnrollmentsByEnrolleeIds(db, ids, partnerOrg), (r) => r.enrolleeId),
    ),
    // 25 rows of reference data: one statement loads them all, whatever codes were asked for.
    fieldOfficeByCode: new DataLoader(async (codes: readonly string[]) => oneByKey(codes, await repo.findFieldOffices(db), (r) => r.code)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
