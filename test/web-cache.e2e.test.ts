// The recommended Apollo Client cache settings (web/src/apollo/cache.ts) against the real gateway:
// the canonical operations, run one after another through ONE InMemoryCache, must normalize into
// each other without Apollo's "Cache data may be lost" warning, and each must read back complete.
// A new screen operation joins the run by adding one line to OPERATIONS.
import { readFileSync } from 'node:fs';
import { ApolloClient, HttpLink, gql, type OperationVariables } from '@apollo/client';
import { buildSchema, getNamedType, isObjectType } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCache, typePolicies } from '../web/src/apollo/cache.js';
import { showcasePeople } from '../scripts/lib/showcase-people.js';
import { startTestStack, type TestStack } from './support/stack.js';

/** A canonical operation (gateway/operations/<name>.graphql), or a screen's by its path from the repository root. */
const operation = (name: string) => gql(readFileSync(new URL(name.includes('/') ? `../${name}` : `../gateway/operations/${name}.graphql`, import.meta.url), 'utf8'));

interface Fixtures {
  aNumber: string;
  fieldOffice: string;
}

/**
 * [operation file, its variables]: run in this order through one cache. Wider selections first: a
 * later, narrower selection of the same person's supervisionStatus and compliance is what loses
 * data when those objects are replaced instead of merged.
 */
const OPERATIONS: [string, (f: Fixtures) => OperationVariables][] = [
  ['headline', (f) => ({ aNumber: f.aNumber })],
  ['dashboard', (f) => ({ aNumber: f.aNumber })],
  ['caseload', (f) => ({ first: 25, filter: { fieldOffice: f.fieldOffice } })],
  ['web/src/screens/person/person.graphql', (f) => ({ aNumber: f.aNumber })],
  ['worklist', (f) => ({ first: 25, filter: { fieldOffice: f.fieldOffice } })],
  ['web/src/screens/worklist/worklist.graphql', (f) => ({ first: 25, filter: { fieldOffice: f.fieldOffice }, orderBy: 'URGENCY' })],
  ['upcomingHearings', (f) => ({ first: 25, fieldOffice: f.fieldOffice })],
  ['web/src/screens/hearings/hearings.graphql', (f) => ({ first: 25, withinDays: 30, fieldOffice: f.fieldOffice })],
  ['web/src/screens/webhooks/webhooks.graphql', () => ({ first: 20, deliveries: 10 })],
  ['supervisionOutcomes', () => ({ fiscalYear: new Date().getUTCFullYear() })],
  ['web/src/screens/outcomes/outcomes.graphql', () => ({ groupBy: ['SUPERVISION'] })],
];

let stack: TestStack;
let fixtures: Fixtures;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 60 });
  const [aNumber] = await showcasePeople(stack.database.databases, { limit: 1, complete: true });
  const [office] = await stack.sql<{ code: string }>(`select field_office_code as code from enrollment.enrollees where a_number = '${aNumber}'`);
  fixtures = { aNumber: aNumber!, fieldOffice: office!.code };
});
afterAll(() => stack?.close());
afterEach(() => vi.restoreAllMocks());

function client(key: string) {
  return new ApolloClient({
    cache: createCache(),
    link: new HttpLink({ uri: stack.gatewayUrl, headers: { authorization: `Bearer ${key}` } }),
  });
}

describe('the recommended Apollo Client cache settings', () => {
  it('normalize the canonical operations into one cache with no warning and complete reads', async () => {
    const warnings: unknown[][] = [];
    for (const level of ['warn', 'error'] as const) vi.spyOn(console, level).mockImplementation((...args) => void warnings.push(args));
    const apollo = client(stack.keys.staff);
    const results = [];
    for (const [name, variables] of OPERATIONS) {
      const query = operation(name);
      const vars = variables(fixtures);
      const { data, error } = await apollo.query({ query, variables: vars });
      expect(error, name).toBeUndefined();
      expect(data, name).toBeTruthy();
      results.push({ name, query, vars });
    }
    // Every operation still reads back whole after all of them wrote into the same objects.
    for (const { name, query, vars } of results) {
      expect(apollo.readQuery({ query, variables: vars }), `${name} reads back incomplete`).not.toBeNull();
    }
    expect(warnings.map((args) => String(args[0]))).toEqual([]);

    // The person from the caseload row and from the headline is one cache entry; so is the court.
    const cache = apollo.extract() as Record<string, Record<string, unknown>>;
    const people = Object.values(cache).filter((entry) => entry.__typename === 'Enrollee' && entry.aNumber === fixtures.aNumber);
    expect(people).toHaveLength(1);
    expect(people[0]).toMatchObject({ supervisionStatus: { level: expect.any(String), nextHearingAt: expect.any(String) } });
    expect(Object.keys(cache).filter((id) => id.startsWith('Court:')).length).toBeGreaterThan(0);
    expect(Object.keys(cache).filter((id) => id.startsWith('FieldOffice:'))).toContain(`FieldOffice:{"id":"${fixtures.fieldOffice}"}`);
  });

  it('page a connection with fetchMore into one list', async () => {
    const apollo = client(stack.keys.staff);
    const query = operation('caseload');
    const variables = { first: 5, filter: { status: 'ACTIVE' } };
    const first = await apollo.query({ query, variables });
    const page1 = (first.data as any).enrollees;
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const watcher = apollo.watchQuery({ query, variables });
    await watcher.fetchMore({ variables: { after: page1.pageInfo.endCursor } });
    const merged = apollo.readQuery({ query, variables }) as any;
    expect(merged.enrollees.edges).toHaveLength(10);
    expect(new Set(merged.enrollees.edges.map((e: any) => e.node.id)).size).toBe(10);
    expect(merged.enrollees.totalCount).toBe(page1.totalCount);
  });

  it('have a relayStylePagination policy for every connection field in schema/api.graphql', () => {
    const schema = buildSchema(readFileSync(new URL('../schema/api.graphql', import.meta.url), 'utf8'));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!getNamedType(field.type).name.endsWith('Connection')) continue;
        const policy = (typePolicies[type.name]?.fields as Record<string, { keyArgs?: unknown; merge?: unknown }> | undefined)?.[field.name];
        if (!policy?.merge) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
