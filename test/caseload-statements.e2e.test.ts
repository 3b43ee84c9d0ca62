// No N+1: the caseload screen costs each subgraph the same number of SQL statements for a page of
// 100 people as for a page of 5. Counted at the driver (every `query` call), not estimated.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support/stack.js';

const caseload = readFileSync(new URL('../gateway/operations/caseload.graphql', import.meta.url), 'utf8');
/** The ceiling we commit to for the whole caseload request, all four subgraphs together (the gateway's key lookup aside). */
const MAX_STATEMENTS_PER_REQUEST = 12;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ enrollees: 110 });
});
afterAll(() => stack?.close());

async function statementsFor(first: number) {
  for (const counter of Object.values(stack.statements)) counter.count = 0;
  const { body } = await stack.gql(caseload, { first });
  expect(body.errors).toBeUndefined();
  expect(body.data.enrollees.edges).toHaveLength(first);
  const { gateway, ...subgraphs } = Object.fromEntries(Object.entries(stack.statements).map(([name, c]) => [name, c.count]));
  // The gateway's own statements: the API-key lookup unless its key cache holds the key
  // (gateway/auth/key-cache.ts), and, once a minute, recording the key's last use.
  expect(gateway).toBeLessThanOrEqual(2);
  return subgraphs;
}

it('sends as many statements per subgraph for 100 people as for 5, under a fixed ceiling', async () => {
  const five = await statementsFor(5);
  const hundred = await statementsFor(100);
  expect(hundred).toEqual(five);
  const total = Object.values(hundred).reduce((a, b) => a + b, 0);
  expect(total).toBeLessThanOrEqual(MAX_STATEMENTS_PER_REQUEST);
  // The four domains the caseload reads each answer part of it (alerts holds nothing it asks for).
  for (const name of ['enrollment', 'checkin', 'docket', 'legal']) expect(hundred[name], name).toBeGreaterThan(0);
  console.info(`caseload statements per subgraph: ${JSON.stringify(hundred)} (total ${total})`);
});
