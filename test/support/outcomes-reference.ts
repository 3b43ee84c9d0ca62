// The outcome measures computed a second way, for test/outcomes.e2e.test.ts only: plain SQL over the
// source domains' own tables (enrollment, docket, legal), written from the definitions in the
// README ("Does it work?"), with each dimension found by a correlated subquery on the source rows
// instead of the read model's copies, periods and lateral joins. Only a test may read across
// schemas like this; the subgraphs never do.

export type Grouping = readonly string[];

const represented = (t: string, a: string) =>
  `exists (select 1 from legal.representations r where r.a_number = ${a} and r.filed_at <= ${t} and (r.withdrawn_at is null or r.withdrawn_at > ${t}))`;

const enrolmentsOf = (a: string) => `enrollment.enrollments e join enrollment.enrollees p on p.id = e.enrollee_id where p.a_number = ${a}`;

/** Supervision, technology and office of person `a` at instant `t`, straight from enrollment's rows. */
const supervisionAt = (t: string, a: string) => `
  case when exists (select 1 from ${enrolmentsOf(a)} and e.started_at <= ${t} and (e.ended_at is null or e.ended_at > ${t})) then 'ON_ATD'
       when exists (select 1 from ${enrolmentsOf(a)} and e.started_at <= ${t}) then 'AFTER_ATD'
       else 'NEVER_ENROLLED' end`;
const technologyAt = (t: string, a: string) =>
  `(select e.technology::text from ${enrolmentsOf(a)} and e.started_at <= ${t} order by (e.ended_at is null or e.ended_at > ${t}) desc, e.started_at desc limit 1)`;
const officeOf = (a: string) => `(select p.field_office_code from enrollment.enrollees p where p.a_number = ${a})`;
const fiscalYear = (t: string) => `(case when extract(month from ${t} at time zone 'UTC') >= 10 then extract(year from ${t} at time zone 'UTC') + 1 else extract(year from ${t} at time zone 'UTC') end)::int`;
const month = (t: string) => `to_char(${t} at time zone 'UTC', 'YYYY-MM')`;

const dims = (t: string, a: string) =>
  `${represented(t, a)} as represented, ${supervisionAt(t, a)} as supervision, ${technologyAt(t, a)} as technology, ${officeOf(a)} as field_office_code,
   ${fiscalYear(t)} as fiscal_year, ${month(t)} as month`;

/** One row per hearing held, with its dimensions. */
export const HEARINGS = `select h.a_number, h.court_code::text as court_code, h.attendance = 'APPEARED' as attended, ${dims('h.scheduled_at', 'h.a_number')}
  from docket.hearings h where h.status = 'HELD' and h.attendance is not null`;

/** One row per case decided, with its dimensions. */
export const COMPLETIONS = `select c.a_number, c.court_code::text as court_code, (c.in_absentia and c.decision = 'REMOVAL_ORDERED') as in_absentia_removal, ${dims('c.decided_at', 'c.a_number')}
  from docket.cases c where c.decision is not null`;

/** One row per enrollment ended, placed just before its end. */
export const EXITS = `select x.*, ${represented('x.t', 'x.a_number')} as represented, 'ON_ATD' as supervision, x.tech as technology, ${fiscalYear('x.t')} as fiscal_year, ${month('x.t')} as month,
    (select c.court_code::text from docket.cases c where c.a_number = x.a_number and c.notice_to_appear_date <= (x.ended_at at time zone 'UTC')::date and (c.decided_at is null or c.decided_at > x.ended_at)
      order by c.notice_to_appear_date desc, c.id limit 1) as court_code
  from (select p.a_number, p.field_office_code, e.technology::text as tech, e.ended_at, e.ended_at - interval '1 microsecond' as t, e.status = 'ABSCONDED' as absconded,
               floor(extract(epoch from e.ended_at - e.started_at) / 86400)::int as days
        from enrollment.enrollments e join enrollment.enrollees p on p.id = e.enrollee_id where e.ended_at is not null) x`;

const COLUMN: Record<string, string> = {
  REPRESENTATION: 'represented',
  SUPERVISION: 'supervision',
  TECHNOLOGY: 'technology',
  FIELD_OFFICE: 'field_office_code',
  COURT: 'court_code',
  FISCAL_YEAR: 'fiscal_year',
  MONTH: 'month',
};

const where = (fy?: number) => (fy == null ? '' : `where fiscal_year = ${fy}`);
const cols = (g: Grouping) => g.map((d) => COLUMN[d]!);
const sel = (g: Grouping) => cols(g).map((c) => `${c}, `).join('');
const grp = (g: Grouping, extra: string[] = []) => (g.length + extra.length ? `group by ${[...cols(g), ...extra].join(', ')}` : '');

/** Per cell: [held, attended] hearings; [people, attended all] people; [decided, in absentia]; [ended, absconded, case open, days]. */
export function referenceQueries(g: Grouping, fy?: number) {
  return {
    hearings: `select ${sel(g)} count(*)::int as n, sum(case when attended then 1 else 0 end)::int as k from (${HEARINGS}) f ${where(fy)} ${grp(g)}`,
    people: `select ${sel(g)} count(*)::int as n, sum(case when every_one then 1 else 0 end)::int as k from (
               select ${sel(g)} a_number, min(case when attended then 1 else 0 end) = 1 as every_one from (${HEARINGS}) f ${where(fy)} ${grp(g, ['a_number'])}) q ${grp(g)}`,
    completions: `select ${sel(g)} count(*)::int as n, sum(case when in_absentia_removal then 1 else 0 end)::int as k from (${COMPLETIONS}) f ${where(fy)} ${grp(g)}`,
    exits: `select ${sel(g)} count(*)::int as n, sum(case when absconded then 1 else 0 end)::int as k,
              sum(case when court_code is not null then 1 else 0 end)::int as open, sum(days)::float8 as days from (${EXITS}) f ${where(fy)} ${grp(g)}`,
  };
}

/** Person-days on ATD in fiscal year `fy` up to `asOf`, per field office (or overall), from enrollment's rows. */
export function referencePersonDays(fy: number, asOf: Date, byOffice: boolean): string {
  const start = `timestamptz '${new Date(Date.UTC(fy - 1, 9, 1)).toISOString()}'`;
  const end = `least(timestamptz '${new Date(Date.UTC(fy, 9, 1)).toISOString()}', timestamptz '${asOf.toISOString()}')`;
  return `select ${byOffice ? 'field_office_code, ' : ''} count(distinct a_number)::int as people, sum(days)::float8 as days from (
      select p.a_number, p.field_office_code, extract(epoch from least(coalesce(e.ended_at, ${end}), ${end}) - greatest(e.started_at, ${start})) / 86400 as days
      from enrollment.enrollments e join enrollment.enrollees p on p.id = e.enrollee_id) d
    where days > 0 ${byOffice ? 'group by field_office_code' : ''}`;
}
