// Compliance as the other domains learn it. Compliance is a function of time: a window closing with
// nothing submitted is a miss although no one wrote anything. This module evaluates a batch of people
// at an instant with the same rules `Enrollee.compliance` answers with (compliance.ts, timeline.ts),
// compares with what was last published (checkin.compliance_states), appends CheckInMissed for
// windows that closed empty since then and ComplianceChanged when the level, the run of misses or
// the current window moved, and records when each person must be looked at again.
import { sql } from 'drizzle-orm';
import { anyOf } from '../shared/any-of.js';
import type { DB } from '../../kit/database/db.js';
import { appendEvents, type NewEvent } from '../shared/events/index.js';
import { computeCompliance, outcomeOf } from './compliance.js';
import { complianceStates, reportedMisses, type ComplianceStateRow } from './db/schema.js';
import { checkinEvents } from './events/published.js';
import * as repo from './repository.js';
import { openWindows, upcomingWindows, windowsClosedWithin } from './timeline.js';
import type { Term } from './windows.js';

const DAY_MS = 86_400_000;
const SPAN_MS = 90 * DAY_MS;
/** Nothing will change for this person by time alone (no term in force, nothing left to age out). */
export const NEVER = new Date('9999-12-31T00:00:00Z');

export interface EvaluationResult {
  evaluated: number;
  changed: number;
  missed: number;
}

type Published = (typeof checkinEvents)['types'];

/**
 * Evaluates these people at `now` inside `tx`, publishing what changed. The job (`reportMisses`)
 * also reports the windows that closed empty since it last looked and moves that mark; a mutation
 * publishes the compliance its write changed and leaves misses, and the mark, to the job.
 */
export async function evaluateCompliance(tx: DB, enrolleeIds: readonly string[], now: Date, { reportMisses }: { reportMisses: boolean }): Promise<EvaluationResult> {
  const ids = [...new Set(enrolleeIds)];
  if (ids.length === 0) return { evaluated: 0, changed: 0, missed: 0 };
  // Row locks: a mutation and the job evaluating one person at once publish one change, not two.
  const states = await tx.select().from(complianceStates).where(anyOf(complianceStates.enrolleeId, ids)).for('update');
  const terms = await repo.findTermsByEnrolleeIds(tx, ids);
  const termsOf = groupBy(terms, (t) => t.enrolleeId);
  const closedOf = new Map(ids.map((id) => [id, windowsClosedWithin(termsOf.get(id) ?? [], now, SPAN_MS)]));
  const allWindows = ids.flatMap((id) => closedOf.get(id)!.map((w) => ({ enrolleeId: id, dueAt: w.opensAt })));
  const rows = allWindows.length ? await repo.findCheckInsByWindows(tx, allWindows) : [];
  const rowOf = new Map(rows.map((r) => [`${r.enrolleeId}|${r.dueAt.getTime()}`, r]));
  const stateOf = new Map(states.map((s) => [s.enrolleeId, s]));

  const events: NewEvent<Published>[] = [];
  /** The misses reported, recorded beside their events (checkin.reported_misses). */
  const reported: { enrolleeId: string; windowOpensAt: Date; windowClosesAt: Date }[] = [];
  let changed = 0;
  for (const id of ids) {
    const previous = stateOf.get(id);
    const closed = closedOf.get(id)!.map((w) => ({ ...w, outcome: outcomeOf(w.closesAt, rowOf.get(`${id}|${w.opensAt.getTime()}`) ?? null) }));
    const summary = computeCompliance(closed, now);
    const personTerms = termsOf.get(id) ?? [];
    const aNumber = personTerms[0]?.aNumber ?? null;
    const next = {
      level: summary?.level ?? null,
      consecutiveMisses: summary?.consecutiveMisses ?? 0,
      windowClosesAt: currentWindowClose(personTerms, now),
      evaluatedAt: reportMisses ? now : (previous?.evaluatedAt ?? null),
      nextEvaluationAt: nextEvaluation(personTerms, closed, now),
    };
    // A mutation never postpones the job's look at misses still to report.
    if (!reportMisses && previous && previous.nextEvaluationAt < next.nextEvaluationAt) next.nextEvaluationAt = previous.nextEvaluationAt;
    // Misses since the last look (a first look goes back over the span the rules read).
    const since = previous?.evaluatedAt?.getTime() ?? now.getTime() - SPAN_MS;
    for (const w of reportMisses ? closed : []) {
      if (w.outcome !== 'MISSED' || w.closesAt.getTime() <= since) continue;
      events.push({ type: 'CheckInMissed', subject: id, data: { enrolleeId: id, aNumber, windowOpensAt: w.opensAt.toISOString(), windowClosesAt: w.closesAt.toISOString() } });
      reported.push({ enrolleeId: id, windowOpensAt: w.opensAt, windowClosesAt: w.closesAt });
    }
    // A row made due by a new term holds the same nothing-known values the other domains start from.
    if (!previous || differs(previous, next)) {
      changed++;
      events.push({
        type: 'ComplianceChanged',
        subject: id,
        data: { enrolleeId: id, aNumber, level: next.level, consecutiveMisses: next.consecutiveMisses, windowClosesAt: next.windowClosesAt?.toISOString() ?? null, evaluatedAt: now.toISOString() },
      });
    }
    await tx
      .insert(complianceStates)
      .values({ enrolleeId: id, ...next })
      .onConflictDoUpdate({ target: complianceStates.enrolleeId, set: next });
  }
  if (reported.length) await tx.insert(reportedMisses).values(reported).onConflictDoNothing();
  if (events.length) await appendEvents(tx, checkinEvents, events, now);
  return { evaluated: ids.length, changed, missed: reported.length };
}

function differs(a: ComplianceStateRow, b: { level: string | null; consecutiveMisses: number; windowClosesAt: Date | null }): boolean {
  return a.level !== b.level || a.consecutiveMisses !== b.consecutiveMisses || a.windowClosesAt?.getTime() !== b.windowClosesAt?.getTime();
}

/** The close of the window open now (the newest if several), or else of the next one to open. */
export function currentWindowClose(terms: readonly Term[], now: Date): Date | null {
  const open = openWindows(terms, now)[0];
  if (open) return open.closesAt;
  const upcoming = terms.filter((t) => t.endedAt === null).flatMap((t) => upcomingWindows(t, now)).sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime());
  return upcoming[0]?.closesAt ?? null;
}

/** The first instant after `now` a window closes or a counted window leaves the 30- or 90-day span. */
export function nextEvaluation(terms: readonly Term[], closed: readonly { closesAt: Date }[], now: Date): Date {
  const t = now.getTime();
  const candidates = [
    ...terms.flatMap((term) => upcomingWindows(term, now).map((w) => w.closesAt.getTime())),
    ...closed.flatMap((w) => [w.closesAt.getTime() + 30 * DAY_MS, w.closesAt.getTime() + SPAN_MS]),
  ].filter((at) => at > t);
  return candidates.length ? new Date(Math.min(...candidates)) : NEVER;
}

/** Makes a person due at once (a new or changed supervision term): the job publishes what follows. */
export async function markDue(tx: DB, enrolleeId: string): Promise<void> {
  await tx
    .insert(complianceStates)
    .values({ enrolleeId, nextEvaluationAt: new Date(0) })
    .onConflictDoUpdate({ target: complianceStates.enrolleeId, set: { nextEvaluationAt: new Date(0) } });
}

/** Up to `limit` people due at `now`, most overdue first (the index on next_evaluation_at). */
export async function findDue(db: DB, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ enrolleeId: complianceStates.enrolleeId })
    .from(complianceStates)
    .where(sql`${complianceStates.nextEvaluationAt} <= ${now}`)
    .orderBy(complianceStates.nextEvaluationAt)
    .limit(limit);
  return rows.map((r) => r.enrolleeId);
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
