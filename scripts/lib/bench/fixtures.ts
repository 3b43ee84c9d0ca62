// Variables for the three canonical operations, drawn from the seeded data: people, offices and
// court days that have something to show. Each request picks one of them at random.
import { queryRows, type Driver } from '../../../subgraphs/shared/db.js';

export const POOL_SIZE = 20;

/** `minOfficeSize`: caseload offices must hold at least this many people (50 fills the benchmark's page). */
export async function variablePools(driver: Driver, minOfficeSize = 50): Promise<Record<'dashboard' | 'caseload' | 'courtCalendar', Record<string, unknown>[]>> {
  const people = await queryRows<{ a_number: string }>(
    driver,
    `select e.a_number from enrollment.enrollees e
     join enrollment.enrollments en on en.enrollee_id = e.id and en.is_current and en.status = 'ACTIVE'
     where exists (select 1 from docket.hearings h where h.a_number = e.a_number and h.status = 'SCHEDULED' and h.scheduled_at > now())
       and exists (select 1 from legal.representations r where r.a_number = e.a_number and r.withdrawn_at is null)
     order by md5(e.a_number) limit ${POOL_SIZE}`,
  );
  const offices = await queryRows<{ code: string }>(
    driver,
    `select field_office_code as code from enrollment.enrollees group by 1 having count(*) >= ${minOfficeSize} order by count(*) desc, 1 limit ${POOL_SIZE}`,
  );
  const days = await queryRows<{ code: string; day: string }>(
    driver,
    `select h.court_code as code, to_char((h.scheduled_at at time zone c.time_zone)::date, 'YYYY-MM-DD') as day
     from docket.hearings h join docket.courts c on c.code = h.court_code
     where h.scheduled_at > now() group by 1, 2 order by count(*) desc, 1, 2 limit ${POOL_SIZE}`,
  );
  return {
    dashboard: people.map((p) => ({ aNumber: p.a_number })),
    // A page of 50 people in one field office.
    caseload: offices.map((o) => ({ first: 50, filter: { fieldOffice: o.code } })),
    courtCalendar: days.map((d) => ({ courtCode: d.code, date: d.day })),
  };
}
