// The snapshots enrollment publishes of what other domains copy from its events (shared/events/snapshot.ts).
import type { Snapshot } from '../../shared/events/snapshot.js';

/**
 * Every enrollment's supervision periods: what check-in's supervision_terms holds (EnrollmentStarted,
 * SupervisionChanged, EnrollmentEnded). A period runs from the enrollment's start or a change's
 * effective time until the next change or the enrollment's end; the terms before the first change
 * are that change's "before"; of changes at one instant the last counts (as the consumer applies them).
 */
export const supervisionPeriodsSnapshot: Snapshot = {
  source: 'enrollment',
  name: 'enrollment.supervision_periods',
  sql: `select enrollment_id, started_at, enrollee_id, a_number, technology::text as technology, check_in_cadence::text as check_in_cadence, ended_at from (
    select p.enrollment_id, p.enrollee_id, p.a_number, p.technology, p.check_in_cadence, p.started_at,
      coalesce(lead(p.started_at) over w, p.enrollment_ended_at) as ended_at,
      lead(p.started_at) over w as next_started_at
    from (
      select e.id as enrollment_id, e.enrollee_id, p.a_number, e.ended_at as enrollment_ended_at,
        coalesce(first_change.technology_before, e.technology) as technology,
        coalesce(first_change.check_in_cadence_before, e.check_in_cadence) as check_in_cadence,
        e.started_at, 0 as position, null::timestamptz as created_at
      from enrollment.enrollments e
      join enrollment.enrollees p on p.id = e.enrollee_id
      left join lateral (
        select c.technology_before, c.check_in_cadence_before from enrollment.supervision_changes c
        where c.enrollment_id = e.id order by c.effective_at, c.created_at limit 1
      ) first_change on true
      union all
      select e.id, e.enrollee_id, p.a_number, e.ended_at, c.technology_after, c.check_in_cadence_after, c.effective_at, 1, c.created_at
      from enrollment.supervision_changes c
      join enrollment.enrollments e on e.id = c.enrollment_id
      join enrollment.enrollees p on p.id = e.enrollee_id
    ) p
    window w as (partition by p.enrollment_id order by p.started_at, p.position, p.created_at)
  ) periods
  where next_started_at is null or next_started_at > started_at`,
};

/**
 * Everyone ever enrolled, with the field office their EnrollmentStarted named (the enrollee's, which
 * no mutation changes), whether an enrollment is active now, and the enrollee id: what alerts'
 * supervised_people holds (EnrollmentStarted, EnrollmentEnded).
 */
export const supervisedPeopleSnapshot: Snapshot = {
  source: 'enrollment',
  name: 'enrollment.supervised_people',
  sql: `select e.a_number, e.field_office_code,
      exists (select 1 from enrollment.enrollments n where n.enrollee_id = e.id and n.status = 'ACTIVE') as active,
      e.id as enrollee_id
    from enrollment.enrollees e where exists (select 1 from enrollment.enrollments n where n.enrollee_id = e.id)`,
};

/**
 * Each enrollee's latest enrollment, with the office and A-number EnrollmentStarted carried: the
 * enrollment facts of the worklist's people (EnrollmentStarted, SupervisionChanged, EnrollmentEnded).
 */
export const latestEnrollmentsSnapshot: Snapshot = {
  source: 'enrollment',
  name: 'enrollment.latest_enrollments',
  sql: `select distinct on (n.enrollee_id) n.enrollee_id, e.a_number, e.field_office_code, n.id as enrollment_id, n.technology::text as technology, n.status::text as enrollment_status
    from enrollment.enrollments n join enrollment.enrollees e on e.id = n.enrollee_id
    order by n.enrollee_id, n.started_at desc, n.id`,
};
