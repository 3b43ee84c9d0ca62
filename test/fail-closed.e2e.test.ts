// Fail closed: when a safeguard cannot do its job, the request (or the field) is refused rather
// than let through unguarded. A fault in the cost estimator refuses the operation before planning,
// instead of skipping the cost limit and the cost budget; an audited field whose record cannot be
// attributed to a person is refused instead of being read with no audit event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollment } from '../subgraphs/enrollment/server.js';
import { subgraphDb } from '../kit/database/db.js';
import { startTestStack, type TestStack } from './support/stack.js';
import { subgraphClient } from './support/subgraph.js';

let stack: TestStack;
let person: string;

beforeAll(async () => {
  stack = await startTestStack({
    enrollees: 3,
    system: {
      costEstimator: () => {
        throw new TypeError('injected fault in the cost estimator');
      },
    },
  });
  person = (await stack.sql<{ a: string }>('select a_number as a from enrollment.enrollees order by a_number limit 1'))[0]!.a;
});
afterAll(() => stack?.close());

describe('a fault in the cost estimator', () => {
  it('refuses the request with COST_ESTIMATION_FAILED, before any subgraph is asked', async () => {
    const before = Object.fromEntries(Object.entries(stack.statements).filter(([name]) => name !== 'gateway').map(([name, c]) => [name, c.count]));
    const { status, body } = await stack.gql('query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { aNumber hearings(first: 5) { totalCount } } }', { a: person });
    expect(status).toBe(500);
    expect(body.data ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]!.extensions?.code).toBe('COST_ESTIMATION_FAILED');
    expect(body.errors![0]!.message).not.toContain('injected');
    const after = Object.fromEntries(Object.entries(stack.statements).filter(([name]) => name !== 'gateway').map(([name, c]) => [name, c.count]));
    expect(after).toEqual(before);
  });
});

describe('an audited read that cannot be attributed to a person', () => {
  const DETAILS = `query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { familyName dateOfBirth } }`;
  const auditCount = async () => (await stack.sql<{ n: number }>('select count(*)::int as n from enrollment.audit_events'))[0]!.n;

  /** The enrollment subgraph over the stack's database, its person lookup losing the person's id and A-number when `faulty`. */
  async function enrollmentClient(faulty: boolean) {
    const Query = (enrollment.resolvers as { Query: Record<string, (...args: unknown[]) => Promise<Record<string, unknown> | null>> }).Query;
    const lookup = Query.enrolleeByANumber!;
    const resolvers = faulty
      ? { ...enrollment.resolvers, Query: { ...Query, enrolleeByANumber: async (...args: unknown[]) => ({ ...(await lookup(...args)), id: undefined, aNumber: undefined }) } }
      : enrollment.resolvers;
    return subgraphClient({ ...enrollment, resolvers }, subgraphDb(stack.database.driver));
  }

  it('is read and audited when the record names its person', async () => {
    const client = await enrollmentClient(false);
    const before = await auditCount();
    const result = await client.execute(DETAILS, { a: person });
    await client.stop();
    expect(result.errors).toBeUndefined();
    expect(result.data!.enrolleeByANumber.dateOfBirth).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await auditCount()).toBe(before + 1);
  });

  it('is refused, UNAUDITABLE_READ at its path, and the rest of the answer still comes back', async () => {
    const client = await enrollmentClient(true);
    const before = await auditCount();
    const result = await client.execute(DETAILS, { a: person });
    await client.stop();
    expect(result.data!.enrolleeByANumber).toEqual({ familyName: expect.any(String), dateOfBirth: null });
    expect(result.errors!.map((e) => [e.extensions?.code, (e as { path?: unknown }).path])).toEqual([['UNAUDITABLE_READ', ['enrolleeByANumber', 'dateOfBirth']]]);
    expect(await auditCount()).toBe(before);
  });
});
