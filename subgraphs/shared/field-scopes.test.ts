// The directives are the rule; these checks keep every subgraph's SDL consistent with them: each
// docstring says exactly what its field's directives require, and every field that can be
// forbidden is nullable, so a FORBIDDEN never takes its siblings down.
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { allSubgraphs } from './all-subgraphs.js';
import { docstringMismatches, fieldScopesOf, missingScopes, nonNullScopedFields, scopeSentence } from '../../kit/graphql/scope-directives.js';
import { loadTypeDefs } from './subgraph-server.js';

const sdl = (body: string, imports = '"@key", "@requiresScopes", "@authenticated"') =>
  parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: [${imports}])\n${body}`);

describe.each(allSubgraphs.map((s) => [s.name, s] as const))('%s schema.graphql', (_name, subgraph) => {
  const typeDefs = loadTypeDefs(subgraph.schemaPath);

  it('has a docstring sentence matching the directives on every field', () => {
    expect(docstringMismatches(typeDefs)).toEqual([]);
  });

  it('declares every scoped field nullable', () => {
    expect(nonNullScopedFields(typeDefs)).toEqual([]);
  });

  it('scopes something (the directives are read, not silently ignored)', () => {
    expect([...fieldScopesOf(typeDefs).values()].some((rule) => rule.anyOf.length > 0)).toBe(true);
  });
});

describe('fieldScopesOf', () => {
  it('reads @requiresScopes alternatives, @authenticated and the audit sentence', () => {
    const rules = fieldScopesOf(
      sdl(`type Query {
        """Requires the \`enrollees:read\` and \`personal:read\` scopes. Reading it is recorded in the audit trail."""
        a: String @requiresScopes(scopes: [["enrollees:read", "personal:read"], ["audit:read"]])
        b: String @authenticated
        c: String
      }`),
    );
    expect(rules.get('Query.a')).toEqual({ anyOf: [['enrollees:read', 'personal:read'], ['audit:read']], authenticated: false, audited: true });
    expect(rules.get('Query.b')).toEqual({ anyOf: [], authenticated: true, audited: false });
    expect(rules.has('Query.c')).toBe(false);
  });

  it('follows a renamed import and the namespaced name of a directive not imported', () => {
    const renamed = sdl(`type Query { a: String @scopes(scopes: [["docket:read"]]) }`, '{ name: "@requiresScopes", as: "@scopes" }');
    expect(fieldScopesOf(renamed).get('Query.a')?.anyOf).toEqual([['docket:read']]);
    const namespaced = sdl(`type Query { a: String @federation__requiresScopes(scopes: [["docket:read"]]) }`, '"@key"');
    expect(fieldScopesOf(namespaced).get('Query.a')?.anyOf).toEqual([['docket:read']]);
  });

  it('refuses an unknown scope and a directive on a type', () => {
    expect(() => fieldScopesOf(sdl(`type Query { a: String @requiresScopes(scopes: [["everything"]]) }`))).toThrow(/unknown scope "everything"/);
    expect(() => fieldScopesOf(sdl(`type Thing @requiresScopes(scopes: [["docket:read"]]) { a: String }`))).toThrow(/on its fields, not on the type/);
  });
});

describe('docstringMismatches and nonNullScopedFields', () => {
  it('report a docstring naming another scope, a missing sentence, a stray one and a non-null scoped field (not a mutation)', () => {
    const typeDefs = sdl(`type Query {
      """Requires the \`docket:read\` scope."""
      wrong: String @requiresScopes(scopes: [["enrollees:read"]])
      """Nothing said."""
      silent: String @requiresScopes(scopes: [["enrollees:read"]])
      """Requires the \`docket:read\` scope."""
      stray: String
      """Requires the \`docket:read\` scope."""
      strict: String! @requiresScopes(scopes: [["docket:read"]])
    }
    type Mutation {
      """Requires the \`docket:write\` scope."""
      write: String! @requiresScopes(scopes: [["docket:write"]])
    }`);
    expect(docstringMismatches(typeDefs)).toEqual([
      'Query.wrong: expected "Requires the `enrollees:read` scope.", found "Requires the `docket:read` scope."',
      'Query.silent: expected "Requires the `enrollees:read` scope.", found none',
      'Query.stray: expected no scope sentence, found "Requires the `docket:read` scope."',
    ]);
    expect(nonNullScopedFields(typeDefs)).toEqual(['Query.strict']);
  });

  it('word the sentence for one scope, several, alternatives and any key', () => {
    expect(scopeSentence({ anyOf: [['docket:read']], authenticated: false })).toBe('Requires the `docket:read` scope.');
    expect(scopeSentence({ anyOf: [['enrollees:read', 'checkins:read', 'docket:read']], authenticated: false })).toBe(
      'Requires the `enrollees:read`, `checkins:read` and `docket:read` scopes.',
    );
    expect(scopeSentence({ anyOf: [['docket:read'], ['audit:read']], authenticated: false })).toBe('Requires the `docket:read` scope, or the `audit:read` scope.');
    expect(scopeSentence({ anyOf: [], authenticated: true })).toBe('Requires an API key, of any scope.');
  });
});

describe('missingScopes', () => {
  it('is empty when one alternative is held in full, else the smallest gap', () => {
    const held = new Set(['enrollees:read', 'docket:read'] as const);
    expect(missingScopes(held, [['enrollees:read', 'docket:read']])).toEqual([]);
    expect(missingScopes(held, [['enrollees:read', 'checkins:read', 'docket:read']])).toEqual(['checkins:read']);
    expect(missingScopes(held, [['audit:read', 'personal:read'], ['checkins:read']])).toEqual(['checkins:read']);
    expect(missingScopes(held, [])).toEqual([]);
  });
});
