// The signed hop between gateway and subgraphs is bound: each token names one subgraph (a token
// captured at one is refused by another), lives at most a minute whatever it claims, and carries
// only the scopes the receiving subgraph's fields use. Over HTTP, at real subgraphs, with tokens the
// real gateway minted as well as tokens made here with the right key.
import type { ApolloServerPlugin } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopesBySubgraph } from '../gateway/hop-scopes.js';
import { DEFAULT_SCOPES } from '../gateway/auth/scopes.js';
import type { SubgraphName } from '../subgraphs/shared/all-subgraphs.js';
import { SCOPES, type Caller, type Scope, type SubgraphContext } from '../subgraphs/shared/context.js';
import { generateHopKeys, HOP_HEADER, signHopToken, type HopKeys } from '../kit/identity/hop-token.js';
import { startTestStack, type GraphQLResponse, type TestStack } from './support/stack.js';

const SUBGRAPHS: SubgraphName[] = ['enrollment', 'checkin', 'docket', 'legal'];
const everything: Caller = { kind: 'staff', id: 'binding-test', scopes: new Set(SCOPES), organizationId: null };
const TEN_YEARS = 10 * 365 * 24 * 3600;

/** What each subgraph was sent by the gateway: the raw token and the caller it verified to. */
const seen: Record<string, { token: string; caller: Caller }[]> = {};
const recorder = (name: SubgraphName): ApolloServerPlugin<SubgraphContext<unknown>> => ({
  async requestDidStart({ request, contextValue }) {
    (seen[name] ??= []).push({ token: request.http!.headers.get(HOP_HEADER)!, caller: contextValue.caller });
  },
});

let stack: TestStack;
let hopKeys: HopKeys;
let person: { id: string } | undefined;

beforeAll(async () => {
  hopKeys = await generateHopKeys();
  stack = await startTestStack({
    enrollees: 20,
    system: { hopKeys, subgraphPlugins: Object.fromEntries(SUBGRAPHS.map((name) => [name, [recorder(name)]])) },
  });
  [person] = await stack.sql<{ id: string }>(`select id::text as id from enrollment.enrollees order by a_number limit 1`);
});
afterAll(() => stack?.close());

const post = async (name: SubgraphName, token: string | undefined) => {
  const response = await fetch(stack.subgraphs[name]!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { [HOP_HEADER]: token } : {}) },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
};

const refused = async (name: SubgraphName, token: string) => {
  const { status, body } = await post(name, token);
  expect(status).toBe(401);
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
};

describe('one audience per subgraph', () => {
  it.each(SUBGRAPHS)('a token minted for %s is answered there and refused by every other subgraph', async (minted) => {
    const token = await signHopToken(hopKeys.privateKey, everything, minted);
    expect((await post(minted, token)).status).toBe(200);
    for (const other of SUBGRAPHS.filter((name) => name !== minted)) await refused(other, token);
  });

  it('a token the gateway sent to check-in, replayed to enrollment, is 401', async () => {
    const { body } = await stack.gql(`query($id: UUID!) { enrollee(id: $id) { familyName compliance { level } } }`, { id: person!.id });
    expect(body.errors).toBeUndefined();
    const captured = seen.checkin!.at(-1)!.token;
    expect((await post('checkin', captured)).status).toBe(200);
    await refused('enrollment', captured);
  });
});

describe('a maximum lifetime the verifier enforces', () => {
  it.each(SUBGRAPHS)('%s refuses a correctly signed token minted with a ten-year expiry', async (name) => {
    await refused(name, await signHopToken(hopKeys.privateKey, everything, name, { lifetimeSeconds: TEN_YEARS }));
  });

  it.each(SUBGRAPHS)('%s refuses a token issued two minutes ago whose exp has not passed', async (name) => {
    await refused(name, await signHopToken(hopKeys.privateKey, everything, name, { now: new Date(Date.now() - 120_000), lifetimeSeconds: 600 }));
  });
});

describe('scopes narrowed to the receiving subgraph', () => {
  it('each subgraph receives only the caller scopes its own fields use, and the answer is whole', async () => {
    for (const name of SUBGRAPHS) seen[name] = [];
    const { body } = await stack.gql(
      `query($id: UUID!) { enrollee(id: $id) { familyName phone compliance { level } cases { id } isRepresented } }`,
      { id: person!.id },
      stack.keys.staff,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.enrollee.compliance.level).toEqual(expect.any(String));
    const usable = scopesBySubgraph();
    const staffScopes = new Set<Scope>(DEFAULT_SCOPES.staff);
    for (const name of SUBGRAPHS) {
      const callers = seen[name]!;
      expect(callers.length).toBeGreaterThan(0);
      for (const { caller } of callers) {
        expect(caller.id).not.toBe('');
        expect([...caller.scopes].sort()).toEqual([...staffScopes].filter((s) => usable.get(name)!.has(s)).sort());
        expect(caller.scopes.size).toBeLessThan(staffScopes.size);
      }
    }
    const scopesAt = (name: SubgraphName) => seen[name]![0]!.caller.scopes;
    // Facts about this schema, stated outright so the test does not only compare the code with itself.
    expect(scopesAt('enrollment').has('personal:read')).toBe(true);
    expect(scopesAt('enrollment').has('checkins.location:read')).toBe(false);
    expect(scopesAt('checkin').has('checkins.location:read')).toBe(true);
    expect(scopesAt('checkin').has('enrollment:write')).toBe(false);
    expect(scopesAt('checkin').has('docket:read')).toBe(false);
    expect(scopesAt('docket').has('legal:write')).toBe(false);
    expect(scopesAt('legal').has('docket:write')).toBe(false);
  });
});
