// Field-level access, read from the SDL itself: Federation's own authorization directives,
// `@requiresScopes(scopes: [["a", "b"]])` (every scope of at least one inner list) and
// `@authenticated` (any API key), are what the resolvers enforce here, what composition copies into
// the supergraph for the gateway (or Apollo Router, Hive Gateway) to enforce before planning, and
// what each field's docstring sentence is checked against (`docstringMismatches`), so the rule, the
// supergraph and the API documentation cannot drift apart. A field the caller may not see resolves
// to null with a FORBIDDEN error at its path; its siblings and the rest of the response still arrive,
// which is why every scoped field is nullable (`nonNullScopedFields` finds any that is not).
import { Kind, type ConstDirectiveNode, type DocumentNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import { SCOPES, type Scope } from '../identity/caller.js';

const AUDITED = /Reading it is recorded in the audit trail/;
const FEDERATION_SPEC = /^https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+$/;

/** What a field's directives (and, for auditing, its docstring) ask of its resolver. */
export interface FieldRule {
  /** `@requiresScopes`: the caller must hold every scope of at least one inner list. Empty: no scope needed. */
  anyOf: Scope[][];
  /** `@authenticated`: any API key may read it (every request a subgraph answers carries one). */
  authenticated: boolean;
  /** Reads are audited (personal contact details, location): the docstring says so. */
  audited: boolean;
}

type ObjectNode = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;

/** The local names the SDL's federation `@link` gives the two directives (`import` may rename them). */
function directiveNames(typeDefs: DocumentNode): { requiresScopes: string; authenticated: string } {
  // Not imported, a federation directive keeps its namespaced name.
  const names = { requiresScopes: 'federation__requiresScopes', authenticated: 'federation__authenticated' };
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.SCHEMA_EXTENSION && definition.kind !== Kind.SCHEMA_DEFINITION) continue;
    for (const link of definition.directives ?? []) {
      const url = link.arguments?.find((a) => a.name.value === 'url')?.value;
      if (link.name.value !== 'link' || url?.kind !== Kind.STRING || !FEDERATION_SPEC.test(url.value)) continue;
      const imports = link.arguments?.find((a) => a.name.value === 'import')?.value;
      for (const item of imports?.kind === Kind.LIST ? imports.values : []) {
        // An import is "@name" or { name: "@name", as: "@local" }.
        const [name, as] =
          item.kind === Kind.STRING
            ? [item.value, item.value]
            : item.kind === Kind.OBJECT
              ? ['name', 'as'].map((key) => {
                  const value = item.fields.find((f) => f.name.value === key)?.value;
                  return value?.kind === Kind.STRING ? value.value : undefined;
                })
              : [];
        if (name === '@requiresScopes') names.requiresScopes = (as ?? name).slice(1);
        if (name === '@authenticated') names.authenticated = (as ?? name).slice(1);
      }
    }
  }
  return names;
}

/** The scopes of one `@requiresScopes`, checked against the scopes that exist. */
function scopesArgument(directive: ConstDirectiveNode, where: string): Scope[][] {
  const value = directive.arguments?.find((a) => a.name.value === 'scopes')?.value;
  if (value?.kind !== Kind.LIST) throw new Error(`${where}: @requiresScopes needs scopes: [[...]]`);
  return value.values.map((inner) => {
    if (inner.kind !== Kind.LIST || inner.values.length === 0) throw new Error(`${where}: each @requiresScopes alternative is a non-empty list`);
    return inner.values.map((scope) => {
      if (scope.kind !== Kind.STRING || !(SCOPES as readonly string[]).includes(scope.value)) {
        throw new Error(`${where}: unknown scope ${scope.kind === Kind.STRING ? `"${scope.value}"` : '(not a string)'} in @requiresScopes`);
      }
      return scope.value as Scope;
    });
  });
}

function objectTypes(typeDefs: DocumentNode): ObjectNode[] {
  return typeDefs.definitions.filter((d): d is ObjectNode => d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION);
}

/** `Type.field` -> rule, from a subgraph's SDL. Throws on a scope that does not exist. */
export function fieldScopesOf(typeDefs: DocumentNode): Map<string, FieldRule> {
  const names = directiveNames(typeDefs);
  const rules = new Map<string, FieldRule>();
  for (const definition of objectTypes(typeDefs)) {
    const type = definition.name.value;
    // Apollo Router and Hive Gateway apply a type's directive to every field returning the type, key
    // included, which would hide the record itself; so the rule goes on each field, never the type.
    if (definition.directives?.some((d) => d.name.value === names.requiresScopes || d.name.value === names.authenticated)) {
      throw new Error(`${type}: put @requiresScopes/@authenticated on its fields, not on the type`);
    }
    for (const field of definition.fields ?? []) {
      const where = `${type}.${field.name.value}`;
      const directives = field.directives ?? [];
      const anyOf = directives.filter((d) => d.name.value === names.requiresScopes).flatMap((d) => scopesArgument(d, where));
      const authenticated = directives.some((d) => d.name.value === names.authenticated);
      const audited = AUDITED.test(field.description?.value ?? '');
      if (anyOf.length || authenticated || audited) rules.set(where, { anyOf, authenticated, audited });
    }
  }
  return rules;
}

const quoted = (scopes: readonly string[]) => scopes.map((s) => `\`${s}\``);
export const conjunction = (items: string[]) => (items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** The docstring sentence a rule calls for: "Requires the `a` and `b` scopes." */
export function scopeSentence(rule: Pick<FieldRule, 'anyOf' | 'authenticated'>): string | null {
  if (rule.anyOf.length) {
    const alternatives = rule.anyOf.map((scopes) => `the ${conjunction(quoted(scopes))} ${scopes.length === 1 ? 'scope' : 'scopes'}`);
    return `Requires ${alternatives.join(', or ')}.`;
  }
  return rule.authenticated ? 'Requires an API key, of any scope.' : null;
}

// A backticked scope name may hold a dot (`checkins.location:read`), so it is matched whole.
const ANY_SCOPE_SENTENCE = /Requires (?:the |an API key)(?:[^.`]|`[^`]*`)*\./g;

/**
 * Every field whose docstring does not say exactly what its directives require, as
 * "Type.field: expected ..., found ...". The docstring is for readers; the directive is the rule.
 */
export function docstringMismatches(typeDefs: DocumentNode): string[] {
  const rules = fieldScopesOf(typeDefs);
  const mismatches: string[] = [];
  for (const definition of objectTypes(typeDefs)) {
    const typeSentences = ('description' in definition ? definition.description?.value ?? '' : '').replace(/\s+/g, ' ').match(ANY_SCOPE_SENTENCE) ?? [];
    if (typeSentences.length) mismatches.push(`${definition.name.value}: a type's docstring names no scope (found ${typeSentences.join(' ')})`);
    for (const field of definition.fields ?? []) {
      const where = `${definition.name.value}.${field.name.value}`;
      const rule = rules.get(where);
      const expected = rule ? scopeSentence(rule) : null;
      const found = (field.description?.value ?? '').replace(/\s+/g, ' ').match(ANY_SCOPE_SENTENCE) ?? [];
      if (expected ? found.length !== 1 || found[0] !== expected : found.length > 0) {
        mismatches.push(`${where}: expected ${expected ? `"${expected}"` : 'no scope sentence'}, found ${found.length ? found.map((s) => `"${s}"`).join(' ') : 'none'}`);
      }
    }
  }
  return mismatches;
}

/**
 * Scoped fields declared non-null: forbidding one would null its parent, siblings and all.
 * Mutations are exempt: a write the caller may not make is refused whole (`data` null, as for any
 * failed write), and their results stay non-null so clients need no null check after success.
 */
export function nonNullScopedFields(typeDefs: DocumentNode): string[] {
  const rules = fieldScopesOf(typeDefs);
  return objectTypes(typeDefs).filter((definition) => definition.name.value !== 'Mutation').flatMap((definition) =>
    (definition.fields ?? [])
      .filter((field) => {
        const rule = rules.get(`${definition.name.value}.${field.name.value}`);
        return rule && (rule.anyOf.length || rule.authenticated) && field.type.kind === Kind.NON_NULL_TYPE;
      })
      .map((field) => `${definition.name.value}.${field.name.value}`),
  );
}


/** The scopes of the alternative closest to being met that the caller lacks; empty when one is met. */
export function missingScopes(held: ReadonlySet<Scope>, anyOf: Scope[][]): Scope[] {
  if (!anyOf.length) return [];
  const gaps = anyOf.map((scopes) => scopes.filter((scope) => !held.has(scope)));
  return gaps.reduce((best, gap) => (gap.length < best.length ? gap : best));
}

