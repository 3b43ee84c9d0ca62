// The federated read path over HTTP: a real gateway in front of four real subgraphs on a seeded database.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showcasePeople } from '../scripts/lib/showcase-people.js';
import { startTestStack, type GraphQLResponse, type TestStack } from './support/stack.js';

const headline = readFileSync(new URL('../gateway/operations/headline.graphql', import.meta.url), 'utf8');
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 80 });
});
afterAll(() => stack?.close());

async function personWithEverything(): Promise<string> {
  const [aNumber] = await showcasePeople(stack.database.databases, { limit: 1, complete: true });
  if (!aNumber) throw new Error('seed produced no active, represented person with a hearing ahead');
  return aNumber;
}

describe('the headline query', () => {
  it('returns all four domains for one person in one request', async () => {
    const aNumber = await personWithEverything();
    // Any accepted spelling finds the person; the response uses the normalised form.
    const spelled = `A-${aNumber.slice(1, 4)}-${aNumber.slice(4, 7)}-${aNumber.slice(7)}`;
    const { status, body } = await stack.gql(headline, { aNumber: spelled });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const person = body.data.enrolleeByANumber;
    expect(person.aNumber).toBe(aNumber);
    // enrollment
    expect(person.currentEnrollment.status).toBe('ACTIVE');
    expect(person.fieldOffice.code).toMatch(/^[A-Z]{3}$/);
    // check-in
    expect(['COMPLIANT', 'AT_RISK', 'NON_COMPLIANT']).toContain(person.compliance.level);
    expect(person.checkIns.totalCount).toBeGreaterThan(0);
    expect(person.checkIns.edges.length).toBeGreaterThan(0);
    expect(person.nextCheckInDue.opensAt).toBeTruthy();
    // docket
    expect(new Date(person.nextHearing.scheduledAt).getTime()).toBeGreaterThan(Date.now());
    expect(person.nextHearing.localDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(person.nextHearing.court.name).toBeTruthy();
    // legal
    expect(person.isRepresented).toBe(true);
    expect(person.representation.representative.familyName).toBeTruthy();
    // supervisionStatus combines them (via @requires), so it agrees with what the others said.
    expect(person.supervisionStatus.nextHearingAt).toBe(person.nextHearing.scheduledAt);
    expect(person.supervisionStatus.level).not.toBe('NOT_SUPERVISED');
    if (person.compliance.level === 'NON_COMPLIANT') expect(person.supervisionStatus.level).toBe('URGENT');
  });
});

describe('enrollees', () => {
  const page = `query($first: Int!, $after: String) {
    enrollees(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id familyName givenName } } }
  }`;

  it('paginates stably: pages of 7 concatenate to the same list as one page, in name order', async () => {
    const all = (await stack.gql(page, { first: 100 })).body.data.enrollees;
    expect(all.totalCount).toBe(80);
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const { body }: GraphQLResponse = await stack.gql(page, { first: 7, after });
      expect(body.errors).toBeUndefined();
      ids.push(...body.data.enrollees.edges.map((e: { node: { id: string } }) => e.node.id));
      after = body.data.enrollees.pageInfo.hasNextPage ? body.data.enrollees.pageInfo.endCursor : null;
    } while (after);
    expect(ids).toEqual(all.edges.map((e: { node: { id: string } }) => e.node.id));
    expect(new Set(ids).size).toBe(80);
    const names = all.edges.map((e: { node: { familyName: string; givenName: string } }) => [e.node.familyName, e.node.givenName]);
    expect(names).toEqual([...names].sort((a: string[], b: string[]) => (a[0]! === b[0]! ? (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0) : a[0]! < b[0]! ? -1 : 1)));
  });

  it('filters by field office, and refuses an unknown office', async () => {
    const [office] = await stack.sql<{ code: string; n: number }>(
      `select field_office_code as code, count(*)::int as n from enrollment.enrollees group by 1 order by 2 desc limit 1`,
    );
    const { body } = await stack.gql(`query($o: String) { enrollees(first: 100, filter: { fieldOffice: $o }) { totalCount edges { node { fieldOffice { code } } } } }`, { o: office!.code });
    expect(body.data.enrollees.totalCount).toBe(office!.n);
    expect(body.data.enrollees.edges.every((e: { node: { fieldOffice: { code: string } } }) => e.node.fieldOffice.code === office!.code)).toBe(true);
    const bad = await stack.gql(`{ enrollees(filter: { fieldOffice: "XXX" }) { totalCount } }`);
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors?.[0]?.message).toContain('XXX');
  });
});

describe('unknown and malformed input', () => {
  it('gives null, not an error, for ids and A-numbers that do not exist', async () => {
    const { status, body } = await stack.gql(`{
      enrollee(id: "00000000-0000-4000-8000-000000000000") { id supervisionStatus { level } }
      enrolleeByANumber(aNumber: "A999999999") { id compliance { level } }
    }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ enrollee: null, enrolleeByANumber: null });
  });

  it.each([
    ['A12345', 'digits'],
    ['B123456789', 'only digits'],
    ['A1234567890', 'digits'],
  ])('refuses the A-number %s as BAD_USER_INPUT, as a variable or a literal', async (value, hint) => {
    const asVariable = await stack.gql(`query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { id } }`, { a: value });
    const asLiteral = await stack.gql(`{ enrolleeByANumber(aNumber: "${value}") { id } }`);
    for (const { body } of [asVariable, asLiteral]) {
      expect(body.data?.enrolleeByANumber).toBeUndefined();
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toContain(value);
      expect(body.errors?.[0]?.message).toContain(hint);
    }
  });

  it('refuses a malformed UUID as BAD_USER_INPUT', async () => {
    const { body } = await stack.gql(`query($id: UUID!) { enrollee(id: $id) { id } }`, { id: 'not-a-uuid' });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/UUID/);
  });

  it('refuses a page size over the maximum as BAD_USER_INPUT naming the limit', async () => {
    const { status, body } = await stack.gql(`{ enrollees(first: 500) { totalCount } }`);
    expect(status).toBe(200);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toContain('100');
  });

  it('refuses a forged cursor as INVALID_CURSOR on "after"', async () => {
    const { body } = await stack.gql(`{ enrollees(first: 5, after: "bm90LWEtY3Vyc29y") { totalCount } }`);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_CURSOR', field: 'after' });
  });

  it('hands out opaque cursors: no name, A-number or id of the row inside', async () => {
    const { body } = await stack.gql(`{ enrollees(first: 3) { edges { cursor node { id familyName givenName } } } }`);
    expect(body.data.enrollees.edges).toHaveLength(3);
    for (const { cursor, node } of body.data.enrollees.edges) {
      const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
      for (const value of [node.id, node.familyName, node.givenName]) {
        expect(cursor).not.toContain(value);
        expect(decoded).not.toContain(value);
      }
    }
  });

  it('never leaks stack traces, SQL or subgraph URLs in errors', async () => {
    const { body } = await stack.gql(`{ enrollees(first: 500) { totalCount } enrolleeByANumber(aNumber: "nope") { id } }`);
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/stacktrace|select |127\.0\.0\.1|localhost|at [\w.]+ \(/i);
  });
});

describe('Apollo Sandbox', () => {
  it('is the landing page in development, opening with the headline operation', async () => {
    const response = await fetch(stack.gatewayUrl.replace('/graphql', '/'), { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('embeddable-sandbox');
    expect(html).toContain('PersonOverview');
  });
});
