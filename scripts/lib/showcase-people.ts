// People whose screen has something from every domain: actively supervised, a hearing ahead and
// counsel on file. The dev runner's Sandbox example, the benchmark's dashboard and the end-to-end
// tests all pick from here. On one database, one statement; with a database per domain, each
// domain is asked about a batch of candidates in its own database.
import { SEEDED_PARTS } from './seed/index.js';
import { asDatabases, type DatabaseTarget, type Databases } from '../../kit/database/databases.js';
import { queryRows } from '../../kit/database/db.js';

export interface ShowcaseOptions {
  limit: number;
  /** `aNumber`: the lowest first (stable); `spread`: scattered over the population. */
  order?: 'aNumber' | 'spread';
  /** Also require check-ins on record and a primary representative (everything the headline shows). */
  complete?: boolean;
}

const hearingAhead = (a: string) => `exists (select 1 from docket.hearings h where h.a_number = ${a} and h.status = 'SCHEDULED' and h.scheduled_at > now())`;
const counsel = (a: string, complete: boolean) => `exists (select 1 from legal.representations r where r.a_number = ${a} and r.withdrawn_at is null${complete ? ' and r.is_primary' : ''})`;
const checkIns = (id: string) => `exists (select 1 from checkin.check_ins c where c.enrollee_id = ${id})`;

export async function showcasePeople(target: DatabaseTarget, { limit, order = 'aNumber', complete = false }: ShowcaseOptions): Promise<string[]> {
  const databases = asDatabases(target, SEEDED_PARTS);
  if (!databases.shared) return acrossDatabases(databases, { limit, order, complete });
  const rows = await queryRows<{ a_number: string }>(
    databases.of('enrollment'),
    `select e.a_number from enrollment.enrollees e
     join enrollment.enrollments en on en.enrollee_id = e.id and en.is_current and en.status = 'ACTIVE'
     where ${hearingAhead('e.a_number')} and ${counsel('e.a_number', complete)}
       ${complete ? `and ${checkIns('e.id')}` : ''}
     order by ${order === 'spread' ? 'md5(e.a_number)' : 'e.a_number'} limit ${Number(limit)}`,
  );
  return rows.map((r) => r.a_number);
}

const BATCH = 2_000;

/** The same people as the one statement, in the same order: enrollment's candidates a batch at a time, kept when every other domain agrees. */
async function acrossDatabases(databases: Databases, { limit, order, complete }: Required<ShowcaseOptions>): Promise<string[]> {
  const found: string[] = [];
  const sort = order === 'spread' ? 'md5(e.a_number)' : 'e.a_number';
  for (let offset = 0; found.length < limit; offset += BATCH) {
    const candidates = await queryRows<{ a_number: string; id: string }>(
      databases.of('enrollment'),
      `select e.a_number, e.id::text as id from enrollment.enrollees e
       join enrollment.enrollments en on en.enrollee_id = e.id and en.is_current and en.status = 'ACTIVE'
       order by ${sort} limit ${BATCH} offset ${offset}`,
    );
    if (candidates.length === 0) break;
    const aNumbers = candidates.map((c) => c.a_number);
    const keep = async (part: string, condition: string, values: string[]) =>
      new Set((await queryRows<{ k: string }>(databases.of(part), `select k from unnest($1::text[]) as k where ${condition}`, [values])).map((r) => r.k));
    const withHearing = await keep('docket', hearingAhead('k'), aNumbers);
    const withCounsel = await keep('legal', counsel('k', complete), aNumbers);
    const withCheckIns = complete ? await keep('checkin', checkIns('k::uuid'), candidates.map((c) => c.id)) : null;
    for (const c of candidates) {
      if (withHearing.has(c.a_number) && withCounsel.has(c.a_number) && (!withCheckIns || withCheckIns.has(c.id))) found.push(c.a_number);
      if (found.length === limit) break;
    }
    if (candidates.length < BATCH) break;
  }
  return found;
}
