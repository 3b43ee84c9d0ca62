// Every copy a domain keeps of another's facts, compared row by row with what its source's own
// tables say it should hold (a test's view from outside: it reads every schema, which no subgraph
// may). Nothing lost and nothing applied twice or out of order means no differences.
// Kept apart from subgraphs/shared/events/replica-check.ts (npm run events:check), which compares
// each copy with its source's snapshot through the subgraphs' own code: this one is written straight
// from the source tables, so a fault shared by a consumer and its snapshot still shows here.

interface Sql {
  sql<R>(query: string): Promise<R[]>;
}

export interface ReplicaDifference {
  /** `<owner schema>.<table>` of the copy. */
  replica: string;
  /** Rows the source implies and the copy lacks. */
  missing: string[];
  /** Rows the copy holds and the source does not imply (or holds more often). */
  extra: string[];
}

const partnerClientsOfLegal = `select representation_id, organization_id, a_number from legal.partner_clients`;

// Check-in's supervision periods, from the enrollment domain's own rows: each enrollment's first
// terms from its start, each change's terms from its effective instant, each period ending where
// the next begins or the enrollment ends; a period superseded at the instant it began never was.
const supervisionTermsOfEnrollment = `
  select enrollment_id, started_at, enrollee_id, a_number, technology, check_in_cadence, ended_at from (
    select p.enrollment_id, p.started_at, p.enrollee_id, p.a_number, p.technology, p.check_in_cadence,
      coalesce(lead(p.started_at) over w, p.enrollment_ended_at) as ended_at,
      lead(p.started_at) over w as next_started_at
    from (
      select e.id as enrollment_id, e.enrollee_id, n.a_number, e.ended_at as enrollment_ended_at,
        coalesce(first_change.technology_before, e.technology)::text as technology,
        coalesce(first_change.check_in_cadence_before, e.check_in_cadence)::text as check_in_cadence,
        e.started_at, 0 as position, null::timestamptz as created_at
      from enrollment.enrollments e join enrollment.enrollees n on n.id = e.enrollee_id
      left join lateral (
        select c.technology_before, c.check_in_cadence_before from enrollment.supervision_changes c
        where c.enrollment_id = e.id order by c.effective_at, c.created_at limit 1
      ) first_change on true
      union all
      select e.id, e.enrollee_id, n.a_number, e.ended_at, c.technology_after::text, c.check_in_cadence_after::text, c.effective_at, 1, c.created_at
      from enrollment.supervision_changes c
      join enrollment.enrollments e on e.id = c.enrollment_id
      join enrollment.enrollees n on n.id = e.enrollee_id
    ) p
    window w as (partition by p.enrollment_id order by p.started_at, p.position, p.created_at)
  ) periods
  where next_started_at is null or next_started_at > started_at`;

/** Each copy, the query of its rows, and the query of what its source says they are (same columns). */
const PAIRS: { replica: string; rows: string; source: string }[] = [
  ...['enrollment', 'docket', 'checkin'].map((owner) => ({
    replica: `${owner}.partner_clients`,
    rows: `select representation_id, organization_id, a_number from ${owner}.partner_clients`,
    source: partnerClientsOfLegal,
  })),
  {
    replica: 'checkin.supervision_terms',
    rows: `select enrollment_id, started_at, enrollee_id, a_number, technology, check_in_cadence, ended_at from checkin.supervision_terms`,
    source: supervisionTermsOfEnrollment,
  },
  { replica: 'legal.docket_cases', rows: `select case_id, a_number from legal.docket_cases`, source: `select id as case_id, a_number from docket.cases` },
];

/** A row as one comparable line (both drivers: Dates as ISO instants). */
const line = (row: Record<string, unknown>) =>
  Object.values(row)
    .map((value) => (value instanceof Date ? value.toISOString() : value === null ? 'null' : String(value)))
    .join(' | ');

/** Lines of `a` not matched one for one in `b`. */
function without(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  return a.filter((x) => {
    const n = left.get(x) ?? 0;
    if (n === 0) return true;
    left.set(x, n - 1);
    return false;
  });
}

/** The copies that differ from their sources, with the rows that differ; [] when every copy is exact. */
export async function replicaDifferences(stack: Sql): Promise<ReplicaDifference[]> {
  const differences: ReplicaDifference[] = [];
  for (const pair of PAIRS) {
    const [rows, source] = await Promise.all([stack.sql<Record<string, unknown>>(pair.rows), stack.sql<Record<string, unknown>>(pair.source)]);
    const have = rows.map(line);
    const want = source.map(line);
    const missing = without(want, have);
    const extra = without(have, want);
    if (missing.length || extra.length) differences.push({ replica: pair.replica, missing: missing.slice(0, 20), extra: extra.slice(0, 20) });
  }
  return differences;
}
