// One subgraph down, hanging or answering garbage: over HTTP through the real gateway, a query that
// touches it still returns everything the other subgraphs own, with SUBGRAPH_UNAVAILABLE errors at
// exactly the fields left null, status 200, and nothing about the subgraph (URL, status, body,
// stack) in the response. The subgraph coming back heals the next request.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { showcasePeople } from '../scripts/lib/showcase-people.js';
import { startSystem } from '../scripts/lib/system.js';
import { textWithoutRequestIds } from './support/error-text.js';
import { erroringSubgraph, hangingSubgraph, okButNotGraphQLSubgraph, type FakeSubgraph } from './support/fake-subgraph.js';
import { startTestStack, type GraphQLResponse, type TestStack } from './support/stack.js';

const headline = readFileSync(new URL('../gateway/operations/headline.graphql', import.meta.url), 'utf8');
/** Short, so the hanging case is quick; production's default is 5000 ms (SUBGRAPH_TIMEOUT_MS). */
const SUBGRAPH_TIMEOUT_MS = 1_000;
const MESSAGES = {
  checkin: 'The check-in service is unavailable; try again shortly',
  docket: 'The court docket service is unavailable; try again shortly',
  legal: 'The legal representation service is unavailable; try again shortly',
  enrollment: 'The enrollment service is unavailable; try again shortly',
};
/** The fields of the headline query each domain provides, as paths in its response. */
const HEADLINE_FIELDS = {
  checkin: ['compliance', 'nextCheckInDue', 'checkIns'],
  docket: ['nextHearing'],
  legal: ['isRepresented', 'representation'],
} as const;

type Domain = keyof typeof MESSAGES;

let stack: TestStack;
/** An actively supervised person with check-ins, a hearing ahead and counsel: every domain has something to say. */
let aNumber: string;
/** Subgraphs a test took down; brought back after it whatever happened. */
const down = new Set<Domain>();

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 20, system: { subgraphTimeoutMs: SUBGRAPH_TIMEOUT_MS } });
  [aNumber] = (await showcasePeople(stack.database.databases, { limit: 1, complete: true })) as [string];
});
afterEach(async () => {
  for (const name of down) await stack.restartSubgraph(name);
  down.clear();
});
afterAll(() => stack?.close());

const subgraph = (name: Domain) => stack.subgraphs[name]!;
async function takeDown(name: Domain) {
  down.add(name);
  await subgraph(name).stop();
}
const pathsOf = (body: GraphQLResponse['body']) => (body.errors ?? []).map((error) => error.path?.join('.')).sort();

/** Nothing a client receives names a subgraph's address, quotes its answer or shows a stack. */
function expectNoLeak(body: GraphQLResponse['body']) {
  const text = textWithoutRequestIds(body.errors);
  for (const name of Object.keys(MESSAGES)) expect(text).not.toContain(String(subgraph(name as Domain).port));
  expect(text).not.toMatch(/127\.0\.0\.1|localhost|http:|10\.0\.0\.7|select |    at |502|Bad Gateway|ECONNREFUSED|serviceName/i);
}

async function expectWholeHeadline() {
  const { status, body } = await stack.gql(headline, { aNumber });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data.enrolleeByANumber.compliance).not.toBeNull();
  expect(body.data.enrolleeByANumber.nextHearing).not.toBeNull();
  expect(body.data.enrolleeByANumber.representation).not.toBeNull();
}

describe('a stopped subgraph', () => {
  it.each(['checkin', 'docket', 'legal'] as const)('%s down: the person and the other domains still arrive, with errors at its fields only', async (name) => {
    await takeDown(name);
    const { status, body } = await stack.gql(headline, { aNumber });
    expect(status).toBe(200);
    const person = body.data.enrolleeByANumber;
    // The person is not nulled by another domain's outage: enrollment's own fields are all there.
    expect(person.aNumber).toBe(aNumber);
    expect(person.givenName).toBeTruthy();
    expect(person.currentEnrollment.status).toBeTruthy();
    for (const [domain, fields] of Object.entries(HEADLINE_FIELDS)) {
      for (const field of fields) {
        if (domain === name) expect(person[field]).toBeNull();
        else expect(person[field]).not.toBeNull();
      }
    }
    // supervisionStatus combines compliance and the next hearing: without either it is null, never
    // computed from half the facts (no check-ins known would read as nothing missed).
    if (name === 'legal') expect(person.supervisionStatus).not.toBeNull();
    else expect(person.supervisionStatus).toBeNull();
    expect(pathsOf(body)).toEqual(HEADLINE_FIELDS[name].map((field) => `enrolleeByANumber.${field}`).sort());
    for (const error of body.errors!) {
      expect(error.message).toBe(MESSAGES[name]);
      expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', requestId: expect.any(String) });
    }
    expectNoLeak(body);

    // Back on the same port, the very next request is whole again.
    await stack.restartSubgraph(name);
    down.delete(name);
    await expectWholeHeadline();
  });

  it('legal down: a page of people keeps every person, each with an error at the missing field', async () => {
    await takeDown('legal');
    const { status, body } = await stack.gql(`{ enrollees(first: 5) { edges { node { aNumber familyName isRepresented } } } }`);
    expect(status).toBe(200);
    const nodes = body.data.enrollees.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes).toHaveLength(5);
    for (const node of nodes) expect(node).toMatchObject({ aNumber: expect.stringMatching(/^A\d{9}$/), familyName: expect.any(String), isRepresented: null });
    expect(pathsOf(body)).toEqual([0, 1, 2, 3, 4].map((i) => `enrollees.edges.${i}.node.isRepresented`));
  });

  it("enrollment down: a hearing keeps its own fields and its respondent's A-number; only the name (enrollment data) is null", async () => {
    const [hearing] = await stack.sql<{ id: string }>(`select id from docket.hearings order by id limit 1`);
    await takeDown('enrollment');
    const { status, body } = await stack.gql(`query($id: UUID!) { hearing(id: $id) { id scheduledAt court { code } respondent { aNumber givenName } } }`, { id: hearing!.id });
    expect(status).toBe(200);
    expect(body.data.hearing).toMatchObject({ id: hearing!.id, scheduledAt: expect.any(String), court: { code: expect.any(String) }, respondent: { aNumber: expect.stringMatching(/^A\d{9}$/), givenName: null } });
    expect(body.errors).toEqual([expect.objectContaining({ message: MESSAGES.enrollment, path: ['hearing', 'respondent', 'givenName'] })]);
  });

  it('a mutation whose subgraph is down fails with SUBGRAPH_UNAVAILABLE at its field', async () => {
    await takeDown('docket');
    const { status, body } = await stack.gql(
      `mutation($input: RecordHearingOutcomeInput!) { recordHearingOutcome(input: $input) { id } }`,
      { input: { hearingId: '00000000-0000-4000-8000-000000000000', attendance: 'APPEARED' } },
    );
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([expect.objectContaining({ message: MESSAGES.docket, path: ['recordHearingOutcome'], extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE' }) })]);
  });
});

describe('a sick subgraph', () => {
  it.each([
    ['hanging (accepts, never answers)', hangingSubgraph],
    ['answering an error page', erroringSubgraph],
    ['answering an HTML page with 200 OK', okButNotGraphQLSubgraph],
  ] as const)('check-in %s: answered within the timeout, nothing of it leaks, and a restart heals it', async (_, fake) => {
    const { port } = subgraph('checkin');
    await takeDown('checkin');
    const sick: FakeSubgraph = await fake(port);
    try {
      const started = Date.now();
      const { status, body } = await stack.gql(headline, { aNumber });
      expect(Date.now() - started).toBeLessThan(SUBGRAPH_TIMEOUT_MS + 2_000);
      expect(status).toBe(200);
      expect(body.data.enrolleeByANumber.nextHearing).not.toBeNull();
      expect(body.data.enrolleeByANumber.compliance).toBeNull();
      expect(pathsOf(body)).toEqual(HEADLINE_FIELDS.checkin.map((field) => `enrolleeByANumber.${field}`).sort());
      expect(new Set(body.errors!.map((error) => error.extensions?.code))).toEqual(new Set(['SUBGRAPH_UNAVAILABLE']));
      expectNoLeak(body);
    } finally {
      await sick.close();
    }
    await stack.restartSubgraph('checkin');
    down.delete('checkin');
    await expectWholeHeadline();
  });
});

describe('starting during an outage', () => {
  it('the gateway starts with the legal subgraph down, answers without it, and heals when it starts', async () => {
    const system = await startSystem({ driver: stack.database.driver, migrate: false, subgraphsDown: ['legal'], subgraphTimeoutMs: SUBGRAPH_TIMEOUT_MS });
    try {
      const ask = async () => {
        const response = await fetch(system.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.keys.admin}` },
          body: JSON.stringify({ query: headline, variables: { aNumber } }),
        });
        return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
      };
      const down = await ask();
      expect(down.status).toBe(200);
      expect(down.body.data.enrolleeByANumber.nextHearing).not.toBeNull();
      expect(pathsOf(down.body)).toEqual(['enrolleeByANumber.isRepresented', 'enrolleeByANumber.representation']);
      await system.restartSubgraph('legal');
      const up = await ask();
      expect(up.body.errors).toBeUndefined();
      expect(up.body.data.enrolleeByANumber.isRepresented).toBe(true);
    } finally {
      await system.stop();
    }
  });
});
