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

async function explain(statement: CapturedStatement): Promise<PlanNode> {
  const driver = stack.database.driver;
  const run = async (query: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>) => {
    await query('begin');
    try {
      await query('set local enable_seqscan = off');
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
