// A backlog in legal's outbox, written as the legal domain writes it: representations and their
// events together, `events` of them in order (each filing but the last few withdrawn again), for
// consumers to drain. The bench drains it for events/s; the crash test kills a process part-way.
// Set-based SQL straight into legal's tables: only a test or a benchmark writes another's schema.

export type Sql = <R>(query: string) => Promise<R[]>;

/** Appends about `events` events (filings and withdrawals) to legal's outbox; returns its last sequence. */
export async function appendLegalBacklog(sql: Sql, events: number): Promise<number> {
  const [rep] = await sql<{ id: string; org: string }>(`select id, organization_id as org from legal.representatives where organization_id is not null order by id limit 1`);
  const people = (await sql<{ a: string }>(`select a_number as a from enrollment.enrollees order by id limit 500`)).map((r) => r.a);
  const filings = Math.ceil((events + 5) / 2);
  const list = `array[${people.map((a) => `'${a}'`).join(',')}]::text[]`;
  await sql(`
    with plan as (
      select i, gen_random_uuid() as id, (${list})[1 + i % ${people.length}] as a_number, i <= ${filings - 5} as withdrawn, clock_timestamp() as at
      from generate_series(1, ${filings}) i
    ), reps as (
      insert into legal.representations (id, a_number, representative_id, organization_id, form, scope, is_primary, filed_at, withdrawn_at, withdrawal_reason)
      select id, a_number, '${rep!.id}', '${rep!.org}', 'G_28', 'LIMITED', false, at, case when withdrawn then at end, case when withdrawn then 'Backlog' end from plan
    )
    insert into legal.outbox (id, type, subject, time, data)
    select gen_random_uuid(), e.type, p.id, p.at, e.data from plan p
    cross join lateral (values
      (0, 'RepresentationFiled', jsonb_build_object('representationId', p.id, 'aNumber', p.a_number, 'organizationId', '${rep!.org}', 'representativeId', '${rep!.id}',
        'caseId', null, 'form', 'G_28', 'scope', 'LIMITED', 'isPrimary', false, 'filedAt', p.at)),
      (1, 'RepresentationWithdrawn', jsonb_build_object('representationId', p.id, 'aNumber', p.a_number, 'organizationId', '${rep!.org}', 'caseId', null, 'withdrawnAt', p.at))
    ) e(k, type, data)
    where e.k = 0 or p.withdrawn
    order by p.i, e.k`);
  return Number((await sql<{ n: string }>(`select max(sequence) as n from legal.outbox`))[0]!.n);
}

/** The lowest offset the partner-clients copies (legal's three consumers) have reached. */
export async function partnerCopiesOffset(sql: Sql): Promise<number> {
  const offsets = await Promise.all(
    ['enrollment', 'docket', 'checkin'].map(async (d) => Number((await sql<{ n: string }>(`select coalesce(max(sequence), 0) as n from ${d}.consumer_offsets where consumer = '${d}.partner_clients' and source = 'legal'`))[0]!.n)),
  );
  return Math.min(...offsets);
}

/** Every consumer of every domain has reached the last sequence of the source it reads. */
export async function allCaughtUp(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ behind: string }>(`
    select count(*) as behind from (values
      ('enrollment', 'enrollment.partner_clients', 'legal'), ('docket', 'docket.partner_clients', 'legal'), ('checkin', 'checkin.partner_clients', 'legal'),
      ('checkin', 'checkin.supervision_terms', 'enrollment'), ('legal', 'legal.docket_cases', 'docket')) c(owner, consumer, source)
    where coalesce(case c.source
        when 'legal' then (select max(sequence) from legal.outbox)
        when 'enrollment' then (select max(sequence) from enrollment.outbox)
        else (select max(sequence) from docket.outbox) end, 0)
      > coalesce(case c.owner
        when 'enrollment' then (select max(sequence) from enrollment.consumer_offsets o where o.consumer = c.consumer and o.source = c.source)
        when 'docket' then (select max(sequence) from docket.consumer_offsets o where o.consumer = c.consumer and o.source = c.source)
        when 'checkin' then (select max(sequence) from checkin.consumer_offsets o where o.consumer = c.consumer and o.source = c.source)
        else (select max(sequence) from legal.consumer_offsets o where o.consumer = c.consumer and o.source = c.source) end, 0)`);
  return Number(row!.behind) === 0;
}
