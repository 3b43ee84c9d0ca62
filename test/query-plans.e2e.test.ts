// Every SQL statement the three benchmark operations send runs on an index: the statements are
// captured at the driver while the operations run through the gateway, then EXPLAINed with
// sequential scans disabled. A plan that still reads a large table with a Seq Scan, or walks a
// whole index with no condition on it, means no index can serve that statement at any data size.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variablePools } from '../scripts/lib/bench/fixtures.js';
import type { CapturedStatement } from '../kit/database/db.js';
import { startTestStack, type TestStack } from './support/stack.js';

/** Tables that grow with the population: a full scan of any of them is a bug at national scale. */
const LARGE_TABLES = ['enrollees', 'people', 'missed_check_ins', 'enrollments', 'check_ins', 'cases', 'hearings', 'representations', 'audit_events', 'api_keys'];
const OPERATIONS = ['dashboard', 'caseload', 'courtCalendar', 'worklist', 'upcomingHearings'] as const;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ enrollees: 200, seed: 5 });
});
afterAll(() => stack?.close());

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/** Scans of large tables that no index condition narrows. */
function unindexedScans(node: PlanNode, table = ''): string[] {
  const relation = node['Relation Name'] ?? table;
  const own =
    LARGE_TABLES.includes(relation) &&
    (node['Node Type'] === 'Seq Scan' || (/Index( Only)? Scan$/.test(node['Node Type']) && !node['Index Cond']))
      ? [`${node['Node Type']} on ${relation}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`]
      : [];
  return [...own, ...(node.Plans ?? []).flatMap((child) => unindexedScans(child, node['Node Type'] === 'Bitmap Heap Scan' ? relation : ''))];
}

/** Sort nodes anywhere in the plan. */
function sorts(node: PlanNode): string[] {
  return [...(/Sort$/.test(node['Node Type']) ? [node['Node Type']] : []), ...(node.Plans ?? []).flatMap(sorts)];
}

async function explain(statement: CapturedStatement, { sorting = true } = {}): Promise<PlanNode> {
  const driver = stack.database.driver;
  const run = async (query: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>) => {
    await query('begin');
    try {
      await query('set local enable_seqscan = off');
      // A merge join walks both inputs whole: at this test's size, with the visibility map set (the
      // seed vacuums), the planner likes one over a whole index-only scan of enrollees, which at
      // national scale it would not. Off, as sequential scans are: what is asked is whether an index
      // condition can narrow every large table, and a walk without one is still reported.
      await query('set local enable_mergejoin = off');
      // With sorting disabled, a plan still sorts only when no index gives the order.
      if (!sorting) await query('set local enable_sort = off');
      const { rows } = await query(`explain (format json) ${statement.text}`, statement.values);
      const plan = Object.values(rows[0] as Record<string, unknown>)[0];
      return ((typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: PlanNode }[])[0]!.Plan;
    } finally {
      await query('rollback');
    }
  };
  if (driver.kind === 'pglite') return run((text, values) => driver.client.query(text, values));
  const client = await driver.client.connect();
  try {
    return await run((text, values) => client.query(text, values));
  } finally {
    client.release();
  }
}

describe.each(OPERATIONS)('%s', (operation) => {
  it('sends only statements an index can serve', async () => {
    const pools = await variablePools(stack.database.driver, 1);
    const variables = pools[operation][0];
    expect(variables, `the seed has data for ${operation}`).toBeDefined();
    const captured: CapturedStatement[] = [];
    for (const counter of Object.values(stack.statements)) counter.log = captured;
    const { body } = await stack.gql(readFileSync(`gateway/operations/${operation}.graphql`, 'utf8'), variables);
    for (const counter of Object.values(stack.statements)) delete counter.log;
    expect(body.errors).toBeUndefined();
    const reads = captured.filter((s) => /^\s*(select|with)\b/i.test(s.text));
    expect(reads.length).toBeGreaterThan(3);
    for (const statement of reads) {
      const plan = await explain(statement);
      expect(unindexedScans(plan), `${statement.text}\n${JSON.stringify(plan, null, 1)}`).toEqual([]);
    }
  });
});

describe('worklist pages', () => {
  // A page walks the index of its order and stops after `first` rows; sorting instead means reading
  // every row the filter keeps (a whole field office at national scale) for each page.
  it.each(['URGENCY', 'NEXT_HEARING', 'LAST_CHECK_IN', 'FAMILY_NAME'] as const)('ordered by %s, one field office, are read in index order, not sorted', async (orderBy) => {
    const pools = await variablePools(stack.database.driver, 1);
    const { filter } = pools.worklist[0] as { filter: Record<string, unknown> };
    const captured: CapturedStatement[] = [];
    for (const counter of Object.values(stack.statements)) counter.log = captured;
    const { body } = await stack.gql(readFileSync('gateway/operations/worklist.graphql', 'utf8'), { first: 50, orderBy, filter });
    for (const counter of Object.values(stack.statements)) delete counter.log;
    expect(body.errors).toBeUndefined();
    // The page, not the re-evaluation job's own reads (it runs beside the request).
    const pages = captured.filter((s) => /from "worklist"\."people" where .*"field_office_code" = .* order by .* limit/is.test(s.text));
    expect(pages).toHaveLength(1);
    const plan = await explain(pages[0]!, { sorting: false });
    expect(sorts(plan), `${pages[0]!.text}\n${JSON.stringify(plan, null, 1)}`).toEqual([]);
  });
});

describe('as a partner, whose every read carries the client filter', () => {
  it.each(['caseload', 'headline'] as const)('%s sends only statements an index can serve', async (operation) => {
    const [org] = await stack.sql<{ id: string; a_number: string }>(`
      select organization_id::text as id, min(a_number) as a_number from legal.representations
      where withdrawn_at is null and organization_id is not null
      group by organization_id order by count(distinct a_number) desc, organization_id limit 1`);
    const key = await stack.createKey({ name: 'plans partner', kind: 'partner', organizationId: org!.id });
    const variables = operation === 'caseload' ? { first: 50 } : { aNumber: org!.a_number };
    const captured: CapturedStatement[] = [];
    for (const counter of Object.values(stack.statements)) counter.log = captured;
    const { body } = await stack.gql(readFileSync(`gateway/operations/${operation}.graphql`, 'utf8'), variables, key);
    for (const counter of Object.values(stack.statements)) delete counter.log;
    expect(body.errors).toBeUndefined();
    const reads = captured.filter((s) => /^\s*(select|with)\b/i.test(s.text) && s.text.includes('partner_clients'));
    expect(reads.length).toBeGreaterThan(2);
    for (const statement of reads) {
      const plan = await explain(statement);
      expect(unindexedScans(plan), `${statement.text}\n${JSON.stringify(plan, null, 1)}`).toEqual([]);
    }
  });
});
