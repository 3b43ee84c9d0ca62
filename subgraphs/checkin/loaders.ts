// Per-request DataLoaders: a page of N people costs the same few statements as a page of one.
// For a partner every loader reads its organisation's active clients only, whoever asked for the
// key: `_entities` sent straight to this subgraph gets nothing more than the gateway would.
import DataLoader from 'dataloader';
import { manyByKey, oneByKey } from '../shared/batch.js';
import { clientsOf, type Caller } from '../shared/context.js';
import type { DB } from '../../kit/database/db.js';
import { visibilityLoader } from '../shared/partner-clients.js';
import { supervisionTerms } from './db/schema.js';
import type { CheckInWindow } from './models.js';
import * as repo from './repository.js';
import type { Window } from './windows.js';

/** Key of one person's window: `${enrolleeId}|${opensAt epoch ms}`. */
export const windowKey = (enrolleeId: string, opensAt: Date): string => `${enrolleeId}|${opensAt.getTime()}`;

export function createLoaders(db: DB, _now: Date, caller: Caller) {
  const partnerOrg = clientsOf(caller);
  return {
    /** May the caller see this person at all (`Enrollee` entities); true for non-partners without a query. */
    enrolleeVisible: visibilityLoader(db, partnerOrg, supervisionTerms.enrolleeId),
    termsByEnrolleeId: new DataLoader(async (ids: readonly string[]) =>
      manyByKey(ids, await repo.findTermsByEnrolleeIds(db, ids, partnerOrg), (r) => r.enrolleeId),
    ),
    checkInByWindow: new DataLoader(async (keys: readonly string[]) => {
      const windows = keys.map((key) => {
        const [enrolleeId, ms] = key.split('|');
        return { enrolleeId: enrolleeId!, dueAt: new Date(Number(ms)) };
      });
      return oneByKey(keys, await repo.findCheckInsByWindows(db, windows, partnerOrg), (r) => windowKey(r.enrolleeId, r.dueAt));
    }),
    lastSubmittedByEnrolleeId: new DataLoader(async (ids: readonly string[]) =>
      oneByKey(ids, await repo.findLastSubmittedByEnrolleeIds(db, ids, partnerOrg), (r) => r.enrolleeId),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** Attaches to each window the row recorded for it, all through one batched load. */
export async function withRows(loaders: Loaders, enrolleeId: string, windows: readonly Window[]): Promise<CheckInWindow[]> {
  const rows = await loaders.checkInByWindow.loadMany(windows.map((w) => windowKey(enrolleeId, w.opensAt)));
  return windows.map((w, i) => {
    const row = rows[i];
    if (row instanceof Error) throw row;
    return { enrolleeId, opensAt: w.opensAt, closesAt: w.closesAt, row: row ?? null };
  });
}
