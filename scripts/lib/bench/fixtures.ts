// Variables for the three canonical operations, drawn from the seeded data: people, offices and
// court days that have something to show. Each request picks one of them at random.
import { readFileSync } from 'node:fs';
import { queryRows, type Driver } from '../../../subgraphs/shared/db.js';
import { showcasePeople } from '../showcase-people.js';

export const OPERATIONS = ['dashboard', 'caseload', 'courtCalendar'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const POOL_SIZE = 20;

/**
 * Court days of this many hearings: a 10,000-person seed has about 20 of them, a national one
 * thousands, so runs at both scales load the same page and their ratio shows what the population
 * alone costs. (The busiest days would hold a handful at 10,000 and a full page at national scale.)
 */
export const CALENDAR_DAY_HEARINGS = 6;

/** `minOfficeSize`: caseload offices must hold at least this many people (50 fills the benchmark's page). */
export async function variablePools(driver: Driver, minOfficeSize = 50): Promise<Record<Operation, Record<string, unknown>[]>> {
  const people = await showcasePeople(driver, { limit: POOL_SIZE, order: 'spread' });
  const offices = await queryRows<{ code: string }>(
    driver,
    `select field_office_code as code from enrollment.enrollees group by 1 having count(*) >= ${minOfficeSize} order by count(*) desc, 1 limit ${POOL_SIZE}`,
  );
  const days = await queryRows<{ code: string; day: string }>(
    driver,
    `select h.court_code as code, to_char((h.scheduled_at at time zone c.time_zone)::date, 'YYYY-MM-DD') as day
     from docket.hearings h join docket.courts c on c.code = h.court_code
     where h.scheduled_at > now() group by 1, 2 order by abs(count(*) - ${CALENDAR_DAY_HEARINGS}), 1, 2 limit ${POOL_SIZE}`,
  );
  return {
    dashboard: people.map((aNumber) => ({ aNumber })),
    // A page of 50 people in one field office.
    caseload: offices.map((o) => ({ first: 50, filter: { fieldOffice: o.code } })),
    courtCalendar: days.map((d) => ({ courtCode: d.code, date: d.day })),
  };
}

/** Request bodies for each operation: its committed document with each set of variables. */
export function requestBodies(pools: Record<Operation, Record<string, unknown>[]>): Record<Operation, string[]> {
  return Object.fromEntries(
    OPERATIONS.map((op) => {
      const query = readFileSync(`gateway/operations/${op}.graphql`, 'utf8');
      return [op, pools[op].map((variables) => JSON.stringify({ query, variables }))];
    }),
  ) as Record<Operation, string[]>;
}

/** Rows in an answer: its root field's page of edges, or 1 for a single object. */
export function rowsIn(answer: { data?: Record<string, { edges?: unknown[] } | null> | null }): number {
  return Object.values(answer.data ?? {})[0]?.edges?.length ?? 1;
}
