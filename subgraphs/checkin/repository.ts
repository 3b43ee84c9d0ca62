// The only code in the check-in subgraph that talks to the database.
import { and, asc, desc, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DB } from '../shared/db.js';
import { checkIns, checkInTerms } from './db/schema.js';

/** Every enrollment period of these people, from the view the enrollment domain publishes. */
export function findTermsByEnrolleeIds(db: DB, enrolleeIds: readonly string[]) {
  return db
    .select()
    .from(checkInTerms)
    .where(inArray(checkInTerms.enrolleeId, [...enrolleeIds]))
    .orderBy(asc(checkInTerms.startedAt));
}

/** The rows recorded for exactly these (person, window opening) pairs, in one statement. */
export function findCheckInsByWindows(db: DB, windows: readonly { enrolleeId: string; dueAt: Date }[]) {
  // Two parallel arrays bound as two parameters, so the statement text is the same for any count.
  const ids = sql.param(windows.map((w) => w.enrolleeId));
  const dues = sql.param(windows.map((w) => w.dueAt.toISOString()));
  return db
    .select()
    .from(checkIns)
    .where(sql`(${checkIns.enrolleeId}, ${checkIns.dueAt}) in (select * from unnest(${ids}::uuid[], ${dues}::timestamptz[]))`);
}

/** Each person's latest submitted check-in (DISTINCT ON over the partial index). */
export function findLastSubmittedByEnrolleeIds(db: DB, enrolleeIds: readonly string[]) {
  return db
    .selectDistinctOn([checkIns.enrolleeId])
    .from(checkIns)
    .where(and(inArray(checkIns.enrolleeId, [...enrolleeIds]), isNotNull(checkIns.submittedAt)))
    .orderBy(checkIns.enrolleeId, desc(checkIns.submittedAt));
}
