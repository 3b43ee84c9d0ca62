// Derives the facts the statistics count from the copies, for some people or for everyone (the
// seed). A consumer calls it for the person an event is about, in the event's transaction, so the
// facts are current the moment the event is applied and a request only sums rows: nothing is
// recomputed over the population per request. Re-deriving one person is idempotent and independent
// of the order the domains' events arrived in; the cells (cells.ts) follow the facts in the same
// transaction.
import { sql, type SQL } from 'drizzle-orm';
import type { DB } from '../../kit/database/db.js';
import { applyCellChanges, cellChanges, CELLS_LOCK, recountAllCells, rowsOf, type FactRow, type PersonFacts } from './cells.js';

/** Dimensions of person `a` at instant `t` (SQL expressions): supervision, technology, office, representation. */
function dimensionsAt(t: string, a: string): { joins: string; columns: string } {
  const joins = `
    left join lateral (
      select p.technology, e.field_office_code,
             case when p.ended_at is null or p.ended_at > ${t} then 'ON_ATD' else 'AFTER_ATD' end as supervision
      from outcomes.supervision_periods_copy p join outcomes.enrollments_copy e using (enrollment_id)
      where p.a_number = ${a} and p.started_at <= ${t}
      order by (p.ended_at is null or p.ended_at > ${t}) desc, p.started_at desc
      limit 1
    ) s on true
    left join lateral (
      select e.field_office_code from outcomes.enrollments_copy e where e.a_number = ${a} order by e.started_at limit 1
    ) first_office on true`;
  const columns = `
    extract(year from (${t} at time zone 'UTC') + interval '3 months')::smallint,
    to_char(${t} at time zone 'UTC', 'YYYY-MM'),
    coalesce(s.field_office_code, first_office.field_office_code),
    s.technology,
    coalesce(s.supervision, 'NEVER_ENROLLED'),
    exists (select 1 from outcomes.representations_copy r where r.a_number = ${a} and r.filed_at <= ${t} and (r.withdrawn_at is null or r.withdrawn_at > ${t}))`;
  return { joins, columns };
}

const DIMENSION_COLUMNS = 'a_number, fiscal_year, month, field_office_code, technology, supervision, represented, court_code';

/** `and <alias>.a_number = any(...)`, or nothing for everyone. A-numbers are validated `A` + 9 digits. */
function only(alias: string, aNumbers: readonly string[] | 'everyone'): SQL {
  if (aNumbers === 'everyone') return sql``;
  return sql`and ${sql.raw(alias)}.a_number = any(${`{${aNumbers.join(',')}}`}::bpchar[])`;
}

function factsFor(aNumbers: readonly string[] | 'everyone'): SQL[] {
  const hearing = dimensionsAt('h.scheduled_at', 'h.a_number');
  const completion = dimensionsAt('c.decided_at', 'c.a_number');
  const exit = dimensionsAt("(x.ended_at - interval '1 microsecond')", 'x.a_number');
  return [
    sql`insert into outcomes.hearing_facts (hearing_id, ${sql.raw(DIMENSION_COLUMNS)}, held_at, attended)
        select h.hearing_id, h.a_number, ${sql.raw(hearing.columns)}, h.court_code, h.scheduled_at, h.attendance = 'APPEARED'
        from outcomes.hearings_copy h ${sql.raw(hearing.joins)}
        where h.status = 'HELD' and h.attendance is not null ${only('h', aNumbers)}`,
    sql`insert into outcomes.completion_facts (case_id, ${sql.raw(DIMENSION_COLUMNS)}, completed_at, in_absentia_removal)
        select c.case_id, c.a_number, ${sql.raw(completion.columns)}, c.court_code, c.decided_at, c.in_absentia and c.decision = 'REMOVAL_ORDERED'
        from outcomes.cases_copy c ${sql.raw(completion.joins)}
        where c.decision is not null and c.decided_at is not null ${only('c', aNumbers)}`,
    // An exit is placed just before its end, while the enrollment was still in force (ON_ATD).
    sql`insert into outcomes.exit_facts (enrollment_id, ${sql.raw(DIMENSION_COLUMNS)}, ended_at, absconded, days_in_program, case_open_at_exit)
        select x.enrollment_id, x.a_number, ${sql.raw(exit.columns)}, pending.court_code, x.ended_at, x.end_status = 'ABSCONDED',
               floor(extract(epoch from x.ended_at - x.started_at) / 86400)::int, pending.case_id is not null
        from outcomes.enrollments_copy x ${sql.raw(exit.joins)}
        left join lateral (
          select c.case_id, c.court_code from outcomes.cases_copy c
          where c.a_number = x.a_number and c.notice_to_appear_date <= (x.ended_at at time zone 'UTC')::date
            and (c.decided_at is null or c.decided_at > x.ended_at)
          order by c.notice_to_appear_date desc, c.case_id limit 1
        ) pending on true
        where x.ended_at is not null ${only('x', aNumbers)}`,
  ];
}

const FACT_TABLES = ['hearing_facts', 'completion_facts', 'exit_facts'];

const asPersonFacts = ([hearings, completions, exits]: FactRow[][]): PersonFacts => ({ hearings: hearings!, completions: completions!, exits: exits! });

/** Replaces the facts of these people (or everyone's) with what their copies say now, and moves the cells they count in. */
export async function deriveFacts(tx: DB, aNumbers: readonly string[] | 'everyone'): Promise<void> {
  if (aNumbers === 'everyone') {
    for (const table of FACT_TABLES) await tx.execute(sql.raw(`delete from outcomes.${table}`));
    for (const statement of factsFor('everyone')) await tx.execute(statement);
    await recountAllCells(tx);
    return;
  }
  if (aNumbers.length === 0) return;
  // The consumer's offsets are per source, so a docket event and an enrollment event about the same
  // person can be applied at once: each would delete the facts the other has not committed yet and
  // insert the same hearing ids, and the second would fail on the primary key (seen under
  // bench:events' load, parked as dead letters); and both would take back from the cells the facts
  // as they were before either. One lock, taken before the facts are read, makes the second wait and
  // start from what the first committed.
  await tx.execute(CELLS_LOCK);
  const people = [...new Set(aNumbers)];
  const before: FactRow[][] = [];
  for (const table of FACT_TABLES) before.push(rowsOf(await tx.execute(sql`delete from ${sql.raw(`outcomes.${table}`)} where true ${only(table, people)} returning *`)));
  const after: FactRow[][] = [];
  for (const statement of factsFor(people)) after.push(rowsOf(await tx.execute(sql`${statement} returning *`)));
  // Most events change no fact (a hearing scheduled, a case opened): then no cell changes either.
  await applyCellChanges(tx, cellChanges(asPersonFacts(before), asPersonFacts(after)));
}
