// Keyset pages cost the same however deep: page 20 of the worklist, of upcomingHearings and of the
// caseload sends the subgraph that pages the statements page 1 does (counted at the driver, through
// the gateway), and no page sends more than the ceiling the caseload test commits to, so a
// caseworker paging through New York's 68,000 people at national scale pays per page what the
// first page costs. The other subgraphs' counts follow what the rows hold (a page with no hearing
// asks for no court), one batched statement per field at most, so they are bounded, not equal.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support/stack.js';

const PAGE = 3;
const DEPTH = 20;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ enrollees: 150, seed: 11 });
});
afterAll(() => stack?.close());

const operations = {
  worklist: { variables: { orderBy: 'URGENCY' }, pager: 'worklist' },
  upcomingHearings: { variables: { withinDays: 365 }, pager: 'worklist' },
  caseload: { variables: {}, pager: 'enrollment' },
} as const;
/** All subgraphs together, the gateway's key lookup aside (test/caseload-statements.e2e.test.ts). */
const MAX_STATEMENTS_PER_PAGE = 12;

/** Statements per subgraph (the gateway's key lookup aside) for one page, and that page's cursor onwards. */
async function page(operation: keyof typeof operations, after: string | null) {
  for (const counter of Object.values(stack.statements)) counter.count = 0;
  const document = readFileSync(`gateway/operations/${operation}.graphql`, 'utf8');
  const { body } = await stack.gql(document, { ...operations[operation].variables, first: PAGE, after });
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  const connection = Object.values(body.data as Record<string, { edges: unknown[]; pageInfo: { endCursor: string | null } }>)[0]!;
  expect(connection.edges).toHaveLength(PAGE);
  const { gateway: _gateway, ...subgraphs } = Object.fromEntries(Object.entries(stack.statements).map(([name, c]) => [name, c.count]));
  return { statements: subgraphs, next: connection.pageInfo.endCursor };
}

it.each(Object.keys(operations) as (keyof typeof operations)[])('%s: page 20 sends the statements page 1 does', async (operation) => {
  const total = (p: { statements: Record<string, number> }) => Object.values(p.statements).reduce((a, b) => a + b, 0);
  const first = await page(operation, null);
  let cursor = first.next;
  let deep = first;
  for (let n = 2; n <= DEPTH; n++) {
    deep = await page(operation, cursor);
    cursor = deep.next;
    expect(total(deep), `page ${n}: ${JSON.stringify(deep.statements)}`).toBeLessThanOrEqual(MAX_STATEMENTS_PER_PAGE);
  }
  const pager = operations[operation].pager;
  expect(first.statements[pager]).toBeGreaterThan(0);
  expect(deep.statements[pager], `${pager} on page ${DEPTH}`).toBe(first.statements[pager]);
  expect(total(first)).toBeLessThanOrEqual(MAX_STATEMENTS_PER_PAGE);
});
