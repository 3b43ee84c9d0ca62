// The gateway enforces the supergraph's @requiresScopes / @authenticated before planning, over HTTP
// through the real gateway and subgraphs: a field the caller may not see is taken out of the
// operation (the subgraph is never asked for it), answered as null with FORBIDDEN at every place it
// would have been, and never takes its siblings down; query plans are never shared between callers
// whose filtered documents differ.
import type { ApolloServerPlugin } from '@apollo/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SubgraphName } from '../subgraphs/shared/all-subgraphs.js';
import { startTestStack, type GraphQLResponse, type TestStack } from './support/stack.js';

const SUBGRAPHS: SubgraphName[] = ['enrollment', 'checkin', 'docket', 'legal'];
type Path = (string | number)[];

/** The operations each subgraph received from the gateway, in order. */
const received: Record<string, string[]> = {};
const recorder = (name: SubgraphName): ApolloServerPlugin => ({
  async requestDidStart({ request }) {
    (received[name] ??= []).push(request.query ?? '');
  },
});

let stack: TestStack;
/** A person with a phone number and check-ins. */
let person: { id: string };
/** A staff key that may schedule hearings but not end enrollments. */
let docketClerk: string;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 30, system: { subgraphPlugins: Object.fromEntries(SUBGRAPHS.map((name) => [name, [recorder(name)]])) } });
  [person] = (await stack.sql<{ id: string }>(`select id::text as id from enrollment.enrollees where phone is not null order by a_number limit 1`)) as [{ id: string }];
  docketClerk = await stack.createKey({ name: 'docket clerk', kind: 'staff', scopes: ['enrollees:read', 'docket:read', 'docket:write'] });
});
afterAll(() => stack?.close());
beforeEach(() => {
  for (const name of SUBGRAPHS) received[name] = [];
});

const forbiddenPaths = (body: GraphQLResponse['body']) => (body.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.path as Path);
const otherErrors = (body: GraphQLResponse['body']) => (body.errors ?? []).filter((e) => e.extensions?.code !== 'FORBIDDEN');

describe('a field the caller may not see', () => {
  const QUERY = `query($id: UUID!) { enrollee(id: $id) { id phone compliance { level } } }`;

  it('is null with FORBIDDEN at its path while its siblings, from two subgraphs, arrive', async () => {
    const { status, body } = await stack.gql(QUERY, { id: person.id }, stack.keys.developer);
    expect(status).toBe(200);
    expect(body.data.enrollee).toEqual({ id: person.id, phone: null, compliance: { level: expect.any(String) } });
    expect(forbiddenPaths(body)).toEqual([['enrollee', 'phone']]);
    expect(otherErrors(body)).toEqual([]);
    expect(body.errors![0]!.message).toContain('personal:read');
  });

  it('is never sent to the subgraph that owns it', async () => {
    await stack.gql(QUERY, { id: person.id }, stack.keys.developer);
    expect(received.enrollment!.length).toBeGreaterThan(0);
    expect(received.enrollment!.join('\n')).not.toMatch(/\bphone\b/);
    await stack.gql(QUERY, { id: person.id }, stack.keys.staff);
    expect(received.enrollment!.join('\n')).toMatch(/\bphone\b/);
  });

  it('is null at every item of a list', async () => {
    const { body } = await stack.gql(`{ enrollees(first: 3) { edges { node { id phone } } } }`, undefined, stack.keys.developer);
    const edges = body.data.enrollees.edges as { node: { id: string; phone: null } }[];
    expect(edges).toHaveLength(3);
    for (const edge of edges) expect(edge.node).toEqual({ id: expect.any(String), phone: null });
    expect(forbiddenPaths(body)).toEqual([0, 1, 2].map((i) => ['enrollees', 'edges', i, 'node', 'phone']));
  });

  it('is judged at every place a fragment is spread and under every alias', async () => {
    const { body } = await stack.gql(
      `query($id: UUID!) { a: enrollee(id: $id) { ...Contact } b: enrollee(id: $id) { mobile: phone ...Contact } }
       fragment Contact on Enrollee { id reachAt: phone ... on Enrollee { address { city } } }`,
      { id: person.id },
      stack.keys.developer,
    );
    expect(body.data).toEqual({ a: { id: person.id, reachAt: null, address: null }, b: { mobile: null, id: person.id, reachAt: null, address: null } });
    expect(forbiddenPaths(body).sort()).toEqual([['a', 'reachAt'], ['a', 'address'], ['b', 'mobile'], ['b', 'reachAt'], ['b', 'address']].sort());
    expect(received.enrollment!.join('\n')).not.toMatch(/\b(phone|address)\b/);
  });

  it('stays out of the answer when the client skipped it', async () => {
    const QUERY = `query($id: UUID!, $show: Boolean!) { enrollee(id: $id) { id phone @include(if: $show) } }`;
    const skipped = await stack.gql(QUERY, { id: person.id, show: false }, stack.keys.developer);
    expect(skipped.body).toEqual({ data: { enrollee: { id: person.id } } });
    const asked = await stack.gql(QUERY, { id: person.id, show: true }, stack.keys.developer);
    expect(asked.body.data).toEqual({ enrollee: { id: person.id, phone: null } });
    expect(forbiddenPaths(asked.body)).toEqual([['enrollee', 'phone']]);
  });

  it('takes its parent out when nothing else was selected on it, with FORBIDDEN there and no subgraph call', async () => {
    const { body } = await stack.gql(`query($id: UUID!) { enrollee(id: $id) { phone address { city } } }`, { id: person.id }, stack.keys.developer);
    expect(body.data).toEqual({ enrollee: null });
    expect(forbiddenPaths(body)).toEqual([['enrollee']]);
    expect(received.enrollment).toEqual([]);
  });
});

describe('a forbidden non-null field', () => {
  it('no longer nulls the whole data: its sibling mutation runs and answers', async () => {
    const [pending] = await stack.sql<{ id: string }>(`select id::text as id from docket.cases where status = 'PENDING' order by id limit 1`);
    const scheduledAt = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 40 * 86_400_000 + 15 * 3_600_000).toISOString();
    const { status, body } = await stack.gql(
      `mutation($input: ScheduleHearingInput!) {
         scheduleHearing(input: $input) { id }
         endEnrollment(input: { enrollmentId: "00000000-0000-4000-8000-000000000000", status: TERMINATED, reason: "test" }) { id }
       }`,
      { input: { caseId: pending!.id, scheduledAt, calendar: 'MASTER', medium: 'IN_PERSON' } },
      docketClerk,
    );
    expect(status).toBe(200);
    expect(otherErrors(body)).toEqual([]);
    expect(body.data).toEqual({ scheduleHearing: { id: expect.any(String) }, endEnrollment: null });
    expect(forbiddenPaths(body)).toEqual([['endEnrollment']]);
    // The enrollment subgraph never saw the mutation it would have refused.
    expect(received.enrollment!.join('\n')).not.toContain('endEnrollment');
  });

  it('answers a mutation with nothing left to run without calling any subgraph', async () => {
    const { body } = await stack.gql(
      `mutation { endEnrollment(input: { enrollmentId: "00000000-0000-4000-8000-000000000000", status: TERMINATED, reason: "test" }) { id } }`,
      undefined,
      stack.keys.developer,
    );
    expect(body.data).toEqual({ endEnrollment: null });
    expect(forbiddenPaths(body)).toEqual([['endEnrollment']]);
    for (const name of SUBGRAPHS) expect(received[name]).toEqual([]);
  });
});

describe('query plans', () => {
  it('are never shared between callers: a staff key and a developer key alternate on one query', async () => {
    const QUERY = `query Contact($id: UUID!) { enrollee(id: $id) { id phone } }`;
    for (let round = 0; round < 3; round++) {
      const staff = await stack.gql(QUERY, { id: person.id }, stack.keys.staff);
      expect(staff.body.errors).toBeUndefined();
      expect(staff.body.data.enrollee.phone).toEqual(expect.any(String));
      const developer = await stack.gql(QUERY, { id: person.id }, stack.keys.developer);
      expect(developer.body.data.enrollee).toEqual({ id: person.id, phone: null });
      expect(forbiddenPaths(developer.body)).toEqual([['enrollee', 'phone']]);
    }
    // What the enrollment subgraph was asked, in order: with phone for staff, without for the developer.
    expect(received.enrollment!.map((query) => /\bphone\b/.test(query))).toEqual([true, false, true, false, true, false]);
  });
});
