// People whose screen has something from every domain: actively supervised, a hearing ahead and
// counsel on file. The dev runner's Sandbox example, the benchmark's dashboard and the end-to-end
// tests all pick from here.
import { queryRows, type Driver } from '../../subgraphs/shared/db.js';

export interface ShowcaseOptions {
  limit: number;
  /** `aNumber`: the lowest first (stable); `spread`: scattered over the population. */
  order?: 'aNumber' | 'spread';
  /** Also require check-ins on record and a primary representative (everything the headline shows). */
  complete?: boolean;
}

export async function showcasePeople(driver: Driver, { limit, order = 'aNumber', complete = false }: ShowcaseOptions): Promise<string[]> {
  const rows = await queryRows<{ a_number: string }>(
    driver,
    `select e.a_number from enrollment.enrollees e
     join enrollment.enrollments en on en.enrollee_id = e.id and en.is_current and en.status = 'ACTIVE'
     where exists (select 1 from docket.hearings h where h.a_number = e.a_number and h.status = 'SCHEDULED' and h.scheduled_at > now())
       and exists (select 1 from legal.representations r where r.a_number = e.a_number and r.withdrawn_at is null${complete ? ' and r.is_primary' : ''})
       ${complete ? 'and exists (select 1 from checkin.check_ins c where c.enrollee_id = e.id)' : ''}
     order by ${order === 'spread' ? 'md5(e.a_number)' : 'e.a_number'} limit ${Number(limit)}`,
  );
  return rows.map((r) => r.a_number);
}
