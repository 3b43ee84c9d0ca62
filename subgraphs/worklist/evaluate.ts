// Derives each person's row from the facts the worklist keeps: the next hearing from its copy of
// scheduled hearings, counsel from its copy of active representations, and the verdict from the
// one supervision rule (shared/supervision-rule.ts) that `Enrollee.supervisionStatus` applies too.
import { and, asc, gt, inArray, or, sql } from 'drizzle-orm';
import type { DB } from '../../kit/database/db.js';
import { evaluateSupervision } from '../shared/supervision-rule.js';
import { hearings, people, representations, type PersonRow } from './db/schema.js';

const FAR_FUTURE = new Date('9999-12-31T00:00:00Z');
const EPOCH = new Date(0);

export interface Who {
  enrolleeIds?: readonly string[];
  aNumbers?: readonly string[];
}

/** Re-derives the rows of these people at `now`; returns how many rows it rewrote. */
export async function reevaluate(tx: DB, who: Who, now: Date): Promise<number> {
  const conditions = [
    who.enrolleeIds?.length ? inArray(people.enrolleeId, [...who.enrolleeIds]) : undefined,
    who.aNumbers?.length ? inArray(people.aNumber, [...who.aNumbers]) : undefined,
  ].filter(Boolean);
  if (conditions.length === 0) return 0;
  const rows = await tx.select().from(people).where(or(...conditions));
  return rewrite(tx, rows, now);
}

/** Rows whose verdict has changed with time alone by `now` (a hearing entered the week or started). */
export async function reevaluateDue(tx: DB, now: Date, limit: number): Promise<number> {
  const rows = await tx.select().from(people).where(sql`${people.reevaluateAt} <= ${now}`).orderBy(asc(people.reevaluateAt)).limit(limit);
  return rewrite(tx, rows, now);
}

async function rewrite(tx: DB, rows: PersonRow[], now: Date): Promise<number> {
  const aNumbers = [...new Set(rows.map((r) => r.aNumber).filter((a): a is string => a !== null))];
  const [next, counsel] = aNumbers.length
    ? await Promise.all([
        tx
          .selectDistinctOn([hearings.aNumber])
          .from(hearings)
          .where(and(inArray(hearings.aNumber, aNumbers), gt(hearings.scheduledAt, now)))
          .orderBy(asc(hearings.aNumber), asc(hearings.scheduledAt), asc(hearings.hearingId)),
        tx.selectDistinct({ aNumber: representations.aNumber }).from(representations).where(inArray(representations.aNumber, aNumbers)),
      ])
    : [[], []];
  const nextOf = new Map(next.map((h) => [h.aNumber, h]));
  const represented = new Set(counsel.map((r) => r.aNumber));
  const rewritten = rows.map((row) => ({ enrolleeId: row.enrolleeId, ...derived(row, (row.aNumber && nextOf.get(row.aNumber)) || null, row.aNumber ? represented.has(row.aNumber) : false, now) }));
  for (let start = 0; start < rewritten.length; start += ROWS_PER_STATEMENT) await writeDerived(tx, rewritten.slice(start, start + ROWS_PER_STATEMENT));
  return rows.length;
}

/** 12 parameters a row: well under Postgres's 65,535 a statement. */
const ROWS_PER_STATEMENT = 1000;

type Derived = ReturnType<typeof derived> & { enrolleeId: string };

// One UPDATE … FROM (VALUES …) for a batch, not one statement a row: a worklist read that brings
// 500 rows up to date first sends one statement, not 500.
async function writeDerived(tx: DB, rows: readonly Derived[]): Promise<void> {
  if (!rows.length) return;
  const time = (t: Date | null) => (t ? t.toISOString() : null);
  const values = sql.join(
    rows.map(
      (r) =>
        // Reasons travel as JSON text: drizzle would spread a JS array into separate parameters.
        sql`(${r.enrolleeId}::uuid, ${r.nextHearingId}::uuid, ${time(r.nextHearingAt)}::timestamptz, ${r.nextHearingCourtCode}::text, ${r.represented}::boolean, ${r.level}::text, ${JSON.stringify(r.reasons)}::jsonb, ${r.urgency}::int, ${time(r.hearingOrder)}::timestamptz, ${time(r.checkInOrder)}::timestamptz, ${time(r.evaluatedAt)}::timestamptz, ${time(r.reevaluateAt)}::timestamptz)`,
    ),
    sql`, `,
  );
  await tx.execute(sql`
    update ${people} set
      next_hearing_id = v.next_hearing_id, next_hearing_at = v.next_hearing_at, next_hearing_court_code = v.next_hearing_court_code,
      represented = v.represented, level = v.level, reasons = array(select reason from jsonb_array_elements_text(v.reasons) with ordinality as r(reason, n) order by n),
      urgency = v.urgency, hearing_order = v.hearing_order, check_in_order = v.check_in_order,
      evaluated_at = v.evaluated_at, reevaluate_at = v.reevaluate_at
    from (values ${values}) as v(enrollee_id, next_hearing_id, next_hearing_at, next_hearing_court_code, represented, level, reasons, urgency, hearing_order, check_in_order, evaluated_at, reevaluate_at)
    where ${people.enrolleeId} = v.enrollee_id`);
}

/** The derived columns of a row from its facts: also what the seed writes (scripts/lib/seed). */
export function derived(
  facts: Pick<PersonRow, 'enrollmentStatus' | 'complianceLevel' | 'consecutiveMisses' | 'lastCheckInAt'>,
  hearing: { hearingId: string; scheduledAt: Date; courtCode: string } | null,
  represented: boolean,
  now: Date,
) {
  const verdict = evaluateSupervision(
    { enrollmentStatus: facts.enrollmentStatus, complianceLevel: facts.complianceLevel, consecutiveMisses: facts.consecutiveMisses, nextHearingAt: hearing?.scheduledAt ?? null },
    now,
  );
  // The row is looked at again when its verdict changes or its next hearing starts (then the next one is "next").
  const times = [verdict.changesAt, hearing?.scheduledAt].filter((t): t is Date => t != null).map((t) => t.getTime());
  return {
    nextHearingId: hearing?.hearingId ?? null,
    nextHearingAt: hearing?.scheduledAt ?? null,
    nextHearingCourtCode: hearing?.courtCode ?? null,
    represented,
    level: verdict.level,
    reasons: verdict.reasons,
    urgency: verdict.urgency,
    hearingOrder: hearing?.scheduledAt ?? FAR_FUTURE,
    checkInOrder: facts.lastCheckInAt ?? EPOCH,
    evaluatedAt: now,
    reevaluateAt: times.length ? new Date(Math.min(...times)) : FAR_FUTURE,
  };
}
