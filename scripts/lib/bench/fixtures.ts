// Variables for the canonical operations, drawn from the seeded data: people, offices and court days
// that have something to show. Each request picks one set at random; there are up to
// `variableSets` of them per operation (thousands at national scale), so the load reaches across
// the population instead of circling a few people whose rows sit in every cache.
import { readFileSync } from 'node:fs';
import { queryRows, type Driver } from '../../../kit/database/db.js';
import { showcasePeople } from '../showcase-people.js';

/** What the variable sets are made from (see `sources`). */
export interface Sources {
  /** A-numbers of people with something from every domain, scattered over the population. */
  people: string[];
  /** Field offices holding at least a page (50) of people, largest first. */
  offices: string[];
  /** Court days of about CALENDAR_DAY_HEARINGS hearings ahead. */
  courtDays: { courtCode: string; date: string }[];
}

/**
 * The operations measured: gateway/operations/<name>.graphql, with the variable sets each one is
 * loaded with. Adding an operation is one line here. A `{ page: ... }` set is the first page of a
 * connection; `pageThrough` in bench.ts follows its cursors through our gateway to make more sets
 * (later pages), since cursors are opaque to everyone but the subgraph that issued them.
 */
export const OPERATION_VARIABLES = {
  dashboard: (s: Sources) => s.people.map((aNumber) => ({ aNumber })),
  // A page of 50 people in one field office.
  caseload: (s: Sources) => s.offices.map((code) => ({ page: { first: 50, filter: { fieldOffice: code } } })),
  courtCalendar: (s: Sources) => s.courtDays.map((day) => ({ ...day })),
  // The largest office's people who need a call, most urgent first, 50 rows with the caseload's fields.
  worklist: (s: Sources) => s.offices.slice(0, 1).map((code) => ({ page: { first: 50, orderBy: 'URGENCY', filter: { fieldOffice: code, levels: ['URGENT', 'NEEDS_ATTENTION'] } } })),
  upcomingHearings: (s: Sources) => s.offices.slice(0, 1).map((code) => ({ page: { first: 50, withinDays: 60, fieldOffice: code } })),
  supervisionOutcomes: () => [0, 1, 2].map((back) => ({ fiscalYear: fiscalYearOf(new Date()) - back })),
} satisfies Record<string, (sources: Sources) => VariableSet[]>;

/**
 * Operations bench:scale also loads with a partner's key, as a legal-aid organisation calls them:
 * the organisation with the most active clients (`busiestPartner`), its own clients' hearings.
 * Not in `bench` against Hive, whose load and the floor's replay run as one staff caller.
 */
export const PARTNER_VARIABLES: Partial<Record<Operation, () => Record<string, unknown>[]>> = {
  upcomingHearings: () => [{ first: 50, withinDays: 60 }],
};

/**
 * A partner key's budgets (1,200 requests a minute) are far below a load test's rate: the benchmarks
 * raise them for our gateway, whose limiter still runs on every request as in production.
 */
export const PARTNER_BUDGETS_ENV = { GATEWAY_RATE_PARTNER_REQUESTS: '100000000', GATEWAY_RATE_PARTNER_COST: '100000000000' } as const;

/** The partner organisation with the most active clients. */
export async function busiestPartner(driver: Driver): Promise<{ organizationId: string; clients: number }> {
  const [row] = await queryRows<{ id: string; n: number }>(
    driver,
    `select organization_id as id, count(distinct a_number)::int as n from legal.representations
     where withdrawn_at is null and organization_id is not null group by 1 order by 2 desc, 1 limit 1`,
  );
  if (!row) throw new Error('no partner organisation has an active client');
  return { organizationId: row.id, clients: row.n };
}

/** The federal fiscal year (October–September) an instant falls in. */
export const fiscalYearOf = (at: Date) => at.getUTCFullYear() + (at.getUTCMonth() >= 9 ? 1 : 0);

/** Variables as sent, or the first page of a connection whose later pages are found by paging. */
export type VariableSet = Record<string, unknown> | { page: Record<string, unknown> };

export type Operation = keyof typeof OPERATION_VARIABLES;
export const OPERATIONS = Object.keys(OPERATION_VARIABLES) as Operation[];

/** The operations a run measures: all, or those `--operations a,b` names (an unknown name is an error). */
export function measuredOperations(option: string | undefined): Operation[] {
  if (!option) return OPERATIONS;
  const names = option.split(',');
  const unknown = names.filter((op) => !(OPERATIONS as string[]).includes(op));
  if (unknown.length) throw new Error(`--operations: no operation ${unknown.join(', ')} (there are ${OPERATIONS.join(', ')})`);
  return OPERATIONS.filter((op) => names.includes(op));
}

/** Variable sets per operation unless `--variable-sets` says otherwise: thousands at national scale. */
export const defaultVariableSets = (enrollees: number) => (enrollees >= 100_000 ? 2_000 : 200);

/**
 * Court days of this many hearings: a 10,000-person seed has about 20 of them, a national one
 * thousands, so runs at both scales load the same page and their ratio shows what the population
 * alone costs. (The busiest days would hold a handful at 10,000 and a full page at national scale.)
 */
export const CALENDAR_DAY_HEARINGS = 6;

/** `minOfficeSize`: caseload offices must hold at least this many people (50 fills the benchmark's page). */
export async function sources(driver: Driver, limit: number, minOfficeSize = 50): Promise<Sources> {
  const people = await showcasePeople(driver, { limit, order: 'spread' });
  const offices = await queryRows<{ code: string }>(
    driver,
    `select field_office_code as code from enrollment.enrollees group by 1 having count(*) >= ${minOfficeSize} order by count(*) desc, 1 limit ${Number(limit)}`,
  );
  const days = await queryRows<{ code: string; day: string }>(
    driver,
    `select h.court_code as code, to_char((h.scheduled_at at time zone c.time_zone)::date, 'YYYY-MM-DD') as day
     from docket.hearings h join docket.courts c on c.code = h.court_code
     where h.scheduled_at > now() group by 1, 2 order by abs(count(*) - ${CALENDAR_DAY_HEARINGS}), 1, 2 limit ${Number(limit)}`,
  );
  return { people, offices: offices.map((o) => o.code), courtDays: days.map((d) => ({ courtCode: d.code, date: d.day })) };
}

/** Each operation's committed document. */
export function operationDocument(op: Operation): string {
  return readFileSync(`gateway/operations/${op}.graphql`, 'utf8');
}

/** A request body: the operation's committed document with one set of variables. */
export function requestBody(op: Operation, variables: Record<string, unknown>): string {
  return JSON.stringify({ query: operationDocument(op), variables });
}

/** Rows in an answer: its root field's page of edges, or 1 for a single object. */
export function rowsIn(answer: { data?: Record<string, { edges?: unknown[] } | null> | null }): number {
  return Object.values(answer.data ?? {})[0]?.edges?.length ?? 1;
}

/** The connection an answer pages through: whether there is a next page, and its cursor. */
export function nextPage(answer: { data?: Record<string, { pageInfo?: { hasNextPage?: boolean; endCursor?: string | null } } | null> | null }): string | null {
  const info = Object.values(answer.data ?? {})[0]?.pageInfo;
  return info?.hasNextPage && info.endCursor ? info.endCursor : null;
}

/** A set's variables as sent (a `{ page }` set's first page). */
export const firstPageVariables = (set: VariableSet): Record<string, unknown> => ('page' in set && typeof set.page === 'object' ? (set.page as Record<string, unknown>) : set);

/** Up to `limit` sets of variables per operation, first pages only (the query-plan test's pick). */
export async function variablePools(driver: Driver, minOfficeSize = 50, limit = 20): Promise<Record<Operation, Record<string, unknown>[]>> {
  const from = await sources(driver, limit, minOfficeSize);
  return Object.fromEntries(OPERATIONS.map((op) => [op, OPERATION_VARIABLES[op](from).map(firstPageVariables)])) as Record<Operation, Record<string, unknown>[]>;
}
