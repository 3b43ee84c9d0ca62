// Request limits over HTTP through the real gateway: at each limit a request passes, one past it is
// refused with the limit's own code and a message naming the limit and what was found, and a
// refused request never reaches a subgraph (page size excepted: that stays the subgraphs' rule, and
// its message passes through). The defaults are tested on one system; a second system on the same
// database shows every limit follows its configuration.
import { readFileSync } from 'node:fs';
import { buildSchema, getIntrospectionQuery, Lexer, parse, Source, TokenKind } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, estimateCost, limitsFromEnv, type RequestLimits } from '../gateway/limits/index.js';
import { startSystem, type RunningSystem } from '../scripts/lib/system.js';
import { startTestStack, type GraphQLResponse, type TestStack } from './support/stack.js';

const operation = (name: string) => readFileSync(new URL(`../gateway/operations/${name}.graphql`, import.meta.url), 'utf8');
const headline = operation('headline');
const caseload = operation('caseload');

let stack: TestStack;
/** The same subgraphs and database behind a gateway with small, non-default limits. */
let tight: RunningSystem;
const TIGHT: RequestLimits = { depth: 4, aliases: 2, directives: 1, tokens: 40, cost: 300, bodyBytes: 2_000, batchedOperations: 2 };

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 30 });
  tight = await startSystem({ driver: stack.database.driver, migrate: false, limits: TIGHT });
});
afterAll(async () => {
  await tight?.stop();
  await stack?.close();
});

// --- requests ---------------------------------------------------------------------------------

async function post(url: string, body: string): Promise<GraphQLResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.keys.admin}` }, body });
  return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
}
const ask = (query: string, variables?: Record<string, unknown>, url = stack.gatewayUrl) => post(url, JSON.stringify({ query, variables }));

/** SQL statements all four subgraphs have sent: a request that reaches any of them moves it. */
function subgraphStatements(system: RunningSystem = stack): number {
  const { gateway: _keys, ...subgraphs } = system.statements;
  return Object.values(subgraphs).reduce((sum, counter) => sum + counter.count, 0);
}

/** Sends the request and expects it refused with `code`, before any subgraph was asked anything. */
async function expectRefused(send: () => Promise<GraphQLResponse>, code: string, message: RegExp, system: RunningSystem = stack) {
  const before = subgraphStatements(system);
  const { status, body } = await send();
  expect(status).toBe(code === 'PAYLOAD_TOO_LARGE' ? 413 : 400);
  expect(body.errors).toHaveLength(1);
  expect(body.errors![0]!.extensions?.code).toBe(code);
  expect(body.errors![0]!.message).toMatch(message);
  expect(body).not.toHaveProperty('data');
  expect(subgraphStatements(system)).toBe(before);
}

/** Sends the request and expects an answer that subgraphs took part in. */
async function expectAnswered(send: () => Promise<GraphQLResponse>, system: RunningSystem = stack) {
  const before = subgraphStatements(system);
  const { status, body } = await send();
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
  expect(subgraphStatements(system)).toBeGreaterThan(before);
  return body.data;
}

// --- probes: operations whose size along one dimension is exactly n ----------------------------

/** Depth n (n >= 5): a page of people, then person -> current enrollment -> person ... */
function depthProbe(n: number): string {
  const hops = Math.floor((n - 4) / 2);
  const leaf = (n - 4) % 2 === 0 ? 'id' : 'fieldOffice { code }';
  return `{ enrollees(first: 1) { edges { node { ${'currentEnrollment { enrollee { '.repeat(hops)}${leaf}${' } }'.repeat(hops)} } } } }`;
}
const aliasProbe = (n: number) => `{ enrollees(first: 1) { edges { node { ${Array.from({ length: n }, (_, i) => `a${i}: id`).join(' ')} } } } }`;
const directiveProbe = (n: number) => `{ enrollees(first: 1) { edges { node { ${'id @include(if: true) '.repeat(n)}} } } }`;
/** Tokens n (n >= 18): 18 fixed, then spreads of a small fragment, two tokens each and cheap to validate. */
function tokenProbe(n: number): string {
  const spreads = '...F '.repeat(Math.floor((n - 18) / 2)) + ((n - 18) % 2 ? '__typename ' : '');
  return `{ enrollees(first: 1) { totalCount } ${spreads}} fragment F on Query { __typename }`;
}
/** Cost n (4901 <= n): 100 people x 46-row pages of check-ins cost 4901; each root __typename adds one. */
const costProbe = (n: number) => `{ enrollees(first: 100) { edges { node { checkIns(first: 46) { totalCount } } } } ${'__typename '.repeat(n - 4901)}}`;

function tokensIn(document: string): number {
  const lexer = new Lexer(new Source(document));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}

/** A request body of exactly `bytes` bytes: a small query padded with an unused variable. */
function bodyOf(bytes: number): string {
  const shell = (pad: string) => JSON.stringify({ query: '{ enrollees(first: 1) { totalCount } }', variables: { pad } });
  const body = shell('x'.repeat(bytes - shell('').length));
  expect(Buffer.byteLength(body)).toBe(bytes);
  return body;
}

// --- the tests ----------------------------------------------------------------------------------

describe('limits at their defaults', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_LIMITS).toEqual({ depth: 12, aliases: 30, directives: 20, tokens: 3000, cost: 5000, bodyBytes: 1_000_000, batchedOperations: 0 });
  });

  it('operation depth: 12 passes, 13 is DEPTH_LIMIT_EXCEEDED', async () => {
    await expectAnswered(() => ask(depthProbe(12)));
    await expectRefused(() => ask(depthProbe(13)), 'DEPTH_LIMIT_EXCEEDED', /depth limit of 12 exceeded, found 13\./);
  });

  it('depth counts fields, not fragments: a fragment adds the depth of its fields only', async () => {
    const inFragment = `{ enrollees(first: 1) { ...E } } fragment E on EnrolleeConnection { edges { node { ${'currentEnrollment { enrollee { '.repeat(4)}id${' } }'.repeat(4)} } } }`;
    await expectAnswered(() => ask(inFragment));
  });

  it('aliases: 30 pass, 31 are ALIAS_LIMIT_EXCEEDED', async () => {
    await expectAnswered(() => ask(aliasProbe(30)));
    await expectRefused(() => ask(aliasProbe(31)), 'ALIAS_LIMIT_EXCEEDED', /Aliases limit of 30 exceeded, found 31\./);
  });

  it('directives: 20 pass, 21 are DIRECTIVE_LIMIT_EXCEEDED', async () => {
    await expectAnswered(() => ask(directiveProbe(20)));
    await expectRefused(() => ask(directiveProbe(21)), 'DIRECTIVE_LIMIT_EXCEEDED', /Directives limit of 20 exceeded, found 21\./);
  });

  it('tokens: 3000 pass, 3001 are TOKEN_LIMIT_EXCEEDED', async () => {
    expect([tokensIn(tokenProbe(3000)), tokensIn(tokenProbe(3001))]).toEqual([3000, 3001]);
    await expectAnswered(() => ask(tokenProbe(3000)));
    await expectRefused(() => ask(tokenProbe(3001)), 'TOKEN_LIMIT_EXCEEDED', /Token limit of 3000 exceeded, found 3001\./);
  });

  it('a document far over the token limit states its full size', async () => {
    await expectRefused(() => ask(tokenProbe(20_001)), 'TOKEN_LIMIT_EXCEEDED', /limit of 3000 exceeded, found 20001\./);
  });

  it('estimated cost: 5000 passes, 5001 is COST_LIMIT_EXCEEDED', async () => {
    await expectAnswered(() => ask(costProbe(5000)));
    await expectRefused(() => ask(costProbe(5001)), 'COST_LIMIT_EXCEEDED', /Cost limit of 5000 exceeded, found 5001\./);
  });

  it('cost multiplies nested pages: 100 people x 100 check-ins is refused, with a tiny selection', async () => {
    const nested = '{ enrollees(first: 100) { edges { node { checkIns(first: 100) { edges { node { id } } } } } } }';
    await expectRefused(() => ask(nested), 'COST_LIMIT_EXCEEDED', /limit of 5000 exceeded, found 30301\./);
    // A page size from a variable counts the same; an omitted one costs its SDL default (20).
    await expectRefused(() => ask('query($n: Int) { enrollees(first: 100) { edges { node { checkIns(first: $n) { totalCount } } } } }', { n: 100 }), 'COST_LIMIT_EXCEEDED', /found 10301\./);
    await expectAnswered(() => ask('{ enrollees(first: 100) { edges { node { checkIns { totalCount } } } } }'));
  });

  it('one document costs what its variables say each time: page sizes and @skip conditions, in any order', async () => {
    const query = 'query($n: Int, $s: Boolean!) { enrollees(first: 100) { edges { node { familyName @skip(if: $s) checkIns(first: $n) { totalCount } } } } }';
    await expectAnswered(() => ask(query, { n: 10, s: false }));
    await expectRefused(() => ask(query, { n: 100, s: false }), 'COST_LIMIT_EXCEEDED', /found 10401\./);
    await expectRefused(() => ask(query, { n: 100, s: true }), 'COST_LIMIT_EXCEEDED', /found 10301\./);
    await expectAnswered(() => ask(query, { n: 10, s: true }));
    // null takes the SDL default (20 check-ins per person), answered; then 100 again is not.
    await expectAnswered(() => ask(query, { n: null, s: false }));
    await expectRefused(() => ask(query, { n: 100, s: false }), 'COST_LIMIT_EXCEEDED', /found 10401\./);
  });

  it('a fragment spread many times over is refused as too costly, not expanded', async () => {
    const fragments = Array.from({ length: 6 }, (_, i) => `fragment F${i} on Query { ${i < 5 ? `...F${i + 1} `.repeat(8) : 'enrollees(first: 1) { totalCount }'} }`);
    await expectRefused(() => ask(`{ ...F0 } ${fragments.join(' ')}`), 'COST_LIMIT_EXCEEDED', /limit of 5000 exceeded, found more than 10000 fields/);
  });

  it('the canonical operations pass, at the costs the estimate gives them', async () => {
    const schema = buildSchema(readFileSync(new URL('../schema/supergraph.graphql', import.meta.url), 'utf8'));
    expect(estimateCost(schema, parse(headline), { aNumber: 'A200000001' })).toBe(85);
    expect(estimateCost(schema, parse(caseload), { first: 100 })).toBe(3601);
    expect(estimateCost(schema, parse(caseload), { first: 20 })).toBe(721);
    const [{ a_number: aNumber }] = (await stack.sql<{ a_number: string }>('select a_number from enrollment.enrollees order by a_number limit 1')) as [{ a_number: string }];
    expect((await expectAnswered(() => ask(headline, { aNumber }))).enrolleeByANumber.aNumber).toBe(aNumber);
    expect((await expectAnswered(() => ask(caseload, { first: 100 }))).enrollees.edges).toHaveLength(30);
  });

  it("Sandbox's full introspection query passes every limit", async () => {
    const introspection = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
    const { status, body } = await ask(introspection);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    expect(body.data.__schema.types.length).toBeGreaterThan(50);
  });

  it("page size: first 100 passes, 101 is the subgraphs' BAD_USER_INPUT naming the maximum", async () => {
    await expectAnswered(() => ask('{ enrollees(first: 100) { totalCount } }'));
    // The subgraph refuses the page before reading anything.
    const before = subgraphStatements();
    const { status, body } = await ask('{ enrollees(first: 101) { totalCount } }');
    expect(subgraphStatements()).toBe(before);
    expect(status).toBe(200);
    expect(body.data).toEqual({ enrollees: null });
    expect(body.errors).toEqual([{ message: '"first" must be between 1 and 100, got 101', path: ['enrollees'], extensions: { code: 'BAD_USER_INPUT', field: 'first' } }]);
  });

  it('an oversized nested page is refused as a page size, not as a cost: the estimate counts at most 100 rows', async () => {
    const { status, body } = await ask('{ enrollees(first: 2) { edges { node { id checkIns(first: 500) { edges { node { id outcome } } } } } } }');
    expect(status).toBe(200);
    expect(body.data.enrollees.edges.map((e: { node: { checkIns: unknown } }) => e.node.checkIns)).toEqual([null, null]);
    expect(body.errors?.map((e) => [e.extensions?.code, e.message, e.path?.join('.')])).toEqual([0, 1].map((i) => ['BAD_USER_INPUT', '"first" must be between 1 and 100, got 500', `enrollees.edges.${i}.node.checkIns`]));
  });

  it('request body: 1,000,000 bytes pass, 1,000,001 are PAYLOAD_TOO_LARGE', async () => {
    await expectAnswered(() => post(stack.gatewayUrl, bodyOf(1_000_000)));
    await expectRefused(() => post(stack.gatewayUrl, bodyOf(1_000_001)), 'PAYLOAD_TOO_LARGE', /exceeds 1000000 bytes/);
  });

  it('batched operations are off: a JSON array body is BATCHING_DISABLED', async () => {
    const batch = JSON.stringify([{ query: '{ enrollees(first: 1) { totalCount } }' }, { query: '{ __typename }' }]);
    await expectRefused(() => post(stack.gatewayUrl, batch), 'BATCHING_DISABLED', /Batched operations are disabled.*found a batch of 2/);
  });
});

describe('configured limits', () => {
  const askTight = (query: string, variables?: Record<string, unknown>) => ask(query, variables, tight.gatewayUrl);
  const refusedByTight = (send: () => Promise<GraphQLResponse>, code: string, message: RegExp) => expectRefused(send, code, message, tight);
  const answeredByTight = (send: () => Promise<GraphQLResponse>) => expectAnswered(send, tight);

  it('depth, aliases, directives and tokens follow the configuration', async () => {
    await answeredByTight(() => askTight('{ enrollees(first: 1) { edges { node { id } } } }'));
    await refusedByTight(() => askTight('{ enrollees(first: 1) { edges { node { fieldOffice { code } } } } }'), 'DEPTH_LIMIT_EXCEEDED', /limit of 4 exceeded, found 5\./);
    await answeredByTight(() => askTight(aliasProbe(2)));
    await refusedByTight(() => askTight(aliasProbe(3)), 'ALIAS_LIMIT_EXCEEDED', /limit of 2 exceeded, found 3\./);
    await answeredByTight(() => askTight(directiveProbe(1)));
    await refusedByTight(() => askTight(directiveProbe(2)), 'DIRECTIVE_LIMIT_EXCEEDED', /limit of 1 exceeded, found 2\./);
    await answeredByTight(() => askTight(tokenProbe(40)));
    await refusedByTight(() => askTight(tokenProbe(41)), 'TOKEN_LIMIT_EXCEEDED', /limit of 40 exceeded, found 41\./);
  });

  it('cost follows the configuration', async () => {
    const page = (first: number) => `{ enrollees(first: ${first}) { edges { node { id } } } }`; // 1 + first x 3
    await answeredByTight(() => askTight(page(99)));
    await refusedByTight(() => askTight(page(100)), 'COST_LIMIT_EXCEEDED', /limit of 300 exceeded, found 301\./);
  });

  it('body size follows the configuration', async () => {
    await answeredByTight(() => post(tight.gatewayUrl, bodyOf(2_000)));
    await refusedByTight(() => post(tight.gatewayUrl, bodyOf(2_001)), 'PAYLOAD_TOO_LARGE', /exceeds 2000 bytes/);
  });

  it('batching, when configured, runs up to the limit and refuses a larger batch', async () => {
    const operations = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ query: `{ enrollees(first: ${i + 1}) { edges { node { id } } } }` })));
    const before = subgraphStatements(tight);
    const response = await fetch(tight.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.keys.admin}` }, body: operations(2) });
    expect(response.status).toBe(200);
    const results = (await response.json()) as GraphQLResponse['body'][];
    expect(results.map((r) => r.data?.enrollees.edges.length)).toEqual([1, 2]);
    expect(subgraphStatements(tight)).toBeGreaterThan(before);
    await refusedByTight(() => post(tight.gatewayUrl, operations(3)), 'BATCH_LIMIT_EXCEEDED', /Batch limit of 2 operations exceeded, found 3\./);
  });

  it('reads the limits from GATEWAY_MAX_* and refuses a value that is not a whole number', () => {
    expect(limitsFromEnv({ GATEWAY_MAX_DEPTH: '8', GATEWAY_MAX_COST: '20000', GATEWAY_MAX_BATCHED_OPERATIONS: '5', GATEWAY_MAX_TOKENS: '' })).toEqual({ depth: 8, cost: 20000, batchedOperations: 5 });
    expect(() => limitsFromEnv({ GATEWAY_MAX_ALIASES: 'lots' })).toThrow(/GATEWAY_MAX_ALIASES must be a whole number/);
  });
});
