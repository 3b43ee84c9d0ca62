import { buildSchema, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { filterOperation, TYPENAME_ALIAS } from './filter.js';
import { patchResponse } from './patch-response.js';
import { refusal, rulesFromSupergraph, satisfies } from './rules.js';

// A supergraph-shaped SDL: the directives linked the way composition writes them.
const SDL = `
  schema
    @link(url: "https://specs.apollo.dev/link/v1.0")
    @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)
    @link(url: "https://specs.apollo.dev/authenticated/v0.1", for: SECURITY)
  { query: Query mutation: Mutation }
  directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
  scalar link__Import
  enum link__Purpose { SECURITY EXECUTION }
  directive @requiresScopes(scopes: [[requiresScopes__Scope!]!]!) on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  directive @authenticated on FIELD_DEFINITION | OBJECT | INTERFACE | SCALAR | ENUM
  scalar requiresScopes__Scope
  type Query {
    person(id: ID!): Person
    people: [Person!]!
    nodes: [Node!]!
    audit: String! @requiresScopes(scopes: [["audit:read"]])
    vault: Vault
    either: String @requiresScopes(scopes: [["a", "b"], ["c"]])
    offices: [String!] @authenticated
  }
  type Mutation { write: String @requiresScopes(scopes: [["write"]]) }
  type Person { id: ID! name: String @requiresScopes(scopes: [["personal:read"]]) phone: String @requiresScopes(scopes: [["personal:read"]]) friends: [Person!]! }
  interface Node { id: ID! }
  type Public implements Node { id: ID! title: String }
  type Private implements Node { id: ID! secret: String @requiresScopes(scopes: [["secret:read"]]) }
  type Vault @requiresScopes(scopes: [["vault:read"]]) { id: ID! }
`;
const schema = buildSchema(SDL);
const rules = rulesFromSupergraph(SDL);
const grant = (...scopes: string[]) => ({ authenticated: true, scopes: new Set(scopes) });
const filter = (query: string, ...scopes: string[]) => filterOperation(schema, parse(query), undefined, rules, grant(...scopes));

describe('rules', () => {
  it('reads OR-of-AND scope lists and @authenticated', () => {
    const either = rules.fields.get('Query.either')!;
    expect(satisfies(grant('c'), either)).toBe(true);
    expect(satisfies(grant('a', 'b'), either)).toBe(true);
    expect(satisfies(grant('a'), either)).toBe(false);
    expect(satisfies(grant(), rules.fields.get('Query.offices')!)).toBe(true);
    expect(satisfies({ authenticated: false, scopes: new Set() }, rules.fields.get('Query.offices')!)).toBe(false);
  });

  it('names the scopes missing for the nearest way in, as the subgraphs do', () => {
    const either = rules.fields.get('Query.either')!;
    expect(refusal(grant('a'), either)).toBe('This field requires the "b" scope, which your API key does not hold');
    expect(refusal(grant(), [{ anyOf: [['x', 'y', 'z']] }])).toBe('This field requires the "x", "y" and "z" scopes, which your API key does not hold');
  });

  it('follows a renamed import', () => {
    const renamed = rulesFromSupergraph(`schema @link(url: "https://specs.apollo.dev/requiresScopes/v0.1", as: "scoped", for: SECURITY) { query: Query }
      type Query { a: String @scoped(scopes: [["x"]]) b: String @requiresScopes(scopes: [["y"]]) }`);
    expect(renamed.fields.get('Query.a')).toEqual([{ anyOf: [['x']] }]);
    expect(renamed.fields.has('Query.b')).toBe(false);
  });
});

describe('filterOperation', () => {
  it('leaves an operation the caller may see entirely alone', () => {
    expect(filter('{ person(id: 1) { id name } }', 'personal:read')).toBeNull();
  });

  it('removes a forbidden field and keeps its siblings, under a new plan key', () => {
    const result = filter('{ person(id: 1) { id name phone } audit }')!;
    expect(print(result.document)).toBe(print(parse('{ person(id: 1) { id } }')));
    expect(result.removals.map((r) => r.path)).toEqual([['person', 'name'], ['person', 'phone'], ['audit']]);
    expect(filter('{ person(id: 1) { id name phone } audit }', 'personal:read')!.queryHash).not.toBe(result.queryHash);
  });

  it('judges a fragment at every place it is spread, and every alias apart', () => {
    const result = filter('query { a: person(id: 1) { ...P } b: person(id: 2) { ...P n2: name } } fragment P on Person { id n1: name }')!;
    expect(result.removals.map((r) => r.path)).toEqual([['a', 'n1'], ['b', 'n1'], ['b', 'n2']]);
    expect(print(result.document)).not.toContain('fragment');
  });

  it('removes a field whose whole selection went, answering for it instead of its children', () => {
    const result = filter('{ person(id: 1) { id friends { name phone } } }')!;
    expect(result.removals).toEqual([expect.objectContaining({ path: ['person', 'friends'], siblings: ['id', 'friends'] })]);
  });

  it('asks for __typename alone when nothing at the root is left, and takes it out of the answer', () => {
    const result = filter('mutation { write }')!;
    expect(result.rootReplaced).toBe(true);
    expect(print(result.document)).toBe(print(parse('mutation { __typename }')));
    const answer = { data: { __typename: 'Mutation' } as Record<string, unknown> };
    patchResponse(answer, result);
    expect(answer).toEqual({ data: { write: null }, errors: [{ message: expect.stringContaining('"write"'), path: ['write'], extensions: { code: 'FORBIDDEN' } }] });
  });

  it('on an abstract type, answers only the results of the type the field was selected on', () => {
    const result = filter('{ nodes { id ... on Private { secret } ... on Public { title } } }')!;
    expect(result.removals).toEqual([expect.objectContaining({ path: ['nodes', 'secret'], onType: 'Private' })]);
    expect(print(result.document)).toContain(`${TYPENAME_ALIAS}: __typename`);
    const answer = {
      data: { nodes: [{ id: '1', title: 't', [TYPENAME_ALIAS]: 'Public' }, { id: '2', [TYPENAME_ALIAS]: 'Private' }] } as Record<string, unknown>,
    };
    patchResponse(answer, result);
    expect(answer.data).toEqual({ nodes: [{ id: '1', title: 't' }, { id: '2', secret: null }] });
    expect((answer as { errors?: { path: unknown }[] }).errors?.map((e) => e.path)).toEqual([['nodes', 1, 'secret']]);
  });

  it('applies a type’s rule to every field returning it and every fragment on it', () => {
    expect(filter('{ vault { id } }')!.removals.map((r) => r.path)).toEqual([['vault']]);
    expect(filter('{ vault { id } }', 'vault:read')).toBeNull();
  });
});

describe('patchResponse', () => {
  it('nulls the field at every list item, in its place among its siblings, and leaves non-null siblings be', () => {
    const result = filter('{ people { id name friends { id } } audit }')!;
    const answer = { data: { people: [{ id: '1', friends: [] }, { id: '2', friends: [{ id: '1' }] }] } as Record<string, unknown> };
    patchResponse(answer, result);
    expect(JSON.stringify(answer.data)).toBe(JSON.stringify({ people: [{ id: '1', name: null, friends: [] }, { id: '2', name: null, friends: [{ id: '1' }] }], audit: null }));
    expect((answer as { errors?: { path: unknown }[] }).errors?.map((e) => e.path)).toEqual([['people', 0, 'name'], ['people', 1, 'name'], ['audit']]);
  });

  it('leaves out a removed field the client skipped, with @skip / @include on it or on its fragment', () => {
    const query = 'query($show: Boolean!) { person(id: 1) { id name @include(if: $show) ... on Person @skip(if: $show) { phone } } }';
    const result = filterOperation(schema, parse(query), undefined, rules, grant())!;
    for (const show of [true, false]) {
      const answer = { data: { person: { id: '1' } } as Record<string, unknown> };
      patchResponse(answer, result, { show });
      expect(answer.data).toEqual({ person: show ? { id: '1', name: null } : { id: '1', phone: null } });
      expect((answer as { errors?: { path: unknown }[] }).errors?.map((e) => e.path)).toEqual([['person', show ? 'name' : 'phone']]);
    }
  });

  it('adds nothing where the parent itself is null', () => {
    const result = filter('{ person(id: 1) { id name } }')!;
    const answer = { data: { person: null } };
    patchResponse(answer, result);
    expect(answer).toEqual({ data: { person: null } });
  });
});
