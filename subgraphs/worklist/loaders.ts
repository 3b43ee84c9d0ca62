// Per-request loaders. The worklist's lists are single keyset statements (repository.ts); for a
// partner every statement keeps the organisation's active clients only, from this read model's own
// copy of them (worklist.partner_clients), whoever asked.
import { clientsOf, type Caller } from '../shared/context.js';
import type { DB } from '../../kit/database/db.js';
import type { Page } from '../shared/pagination.js';
import { reevaluateDue } from './evaluate.js';
import * as repo from './repository.js';

/** Rows a read brings up to date first, at most (the job does the rest). */
const REFRESH_LIMIT = 500;

export function createLoaders(db: DB, now: Date, caller: Caller) {
  const partnerOrg = clientsOf(caller);
  return {
    /** Rows whose verdict time alone has changed since they were derived (a hearing entered the week or began) are derived again before a page is read. */
    refreshDue: () => reevaluateDue(db, now, REFRESH_LIMIT),
    worklistPage: (filter: repo.WorklistFilter, order: repo.WorklistOrder, page: Page<repo.WorklistSortKey>) => repo.listWorklist(db, filter, order, page, now, partnerOrg),
    worklistCount: (filter: repo.WorklistFilter) => repo.countWorklist(db, filter, now, partnerOrg),
    upcomingHearingsPage: (to: Date, fieldOffice: string | null, page: Page<repo.HearingSortKey>) => repo.listUpcomingHearings(db, now, to, fieldOffice, partnerOrg, page),
    upcomingHearingsCount: (to: Date, fieldOffice: string | null) => repo.countUpcomingHearings(db, now, to, fieldOffice, partnerOrg),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
