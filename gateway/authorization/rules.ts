// The access rules the composed supergraph carries: Federation's @requiresScopes (an OR of
// AND-lists of scopes) and @authenticated, on fields and on types. Read once from
// schema/supergraph.graphql, the same file Apollo Router or Hive Gateway would enforce them from, so
// every gateway that serves our supergraph applies the same rules. Names follow the supergraph's
// @link (a schema may import a directive under another name with `as:`).
import { Kind, parse, type ConstDirectiveNode, type DocumentNode, type GraphQLSchema, isInterfaceType, type GraphQLCompositeType } from 'graphql';

const REQUIRES_SCOPES_SPEC = 'https://specs.apollo.dev/requiresScopes/';
const AUTHENTICATED_SPEC = 'https://specs.apollo.dev/authenticated/';

/** What one directive application asks: any one of `anyOf`'s scope lists held in full. */
export interface Condition {
  /** Outer list OR, inner lists AND; empty for @authenticated (any authenticated caller). */
  anyOf: string[][];
}

export interface AuthorizationRules {
  /** Conditions a field's own definition sets (`Type.field`). */
  readonly fields: ReadonlyMap<string, Condition[]>;
  /** Conditions a type sets, applying to every field that returns it and every fragment on it. */
  readonly types: ReadonlyMap<string, Condition[]>;
}

/** The caller as the rules see it: authenticated (every request that gets this far is) and its scopes. */
export interface Grant {
  authenticated: boolean;
  scopes: ReadonlySet<string>;
}

export function rulesFromSupergraph(supergraphSdl: string | DocumentNode): AuthorizationRules {
  const document = typeof supergraphSdl === 'string' ? parse(supergraphSdl) : supergraphSdl;
  const names = directiveNames(document);
  const fields = new Map<string, Condition[]>();
  const types = new Map<string, Condition[]>();
  const conditionsOf = (directives: readonly ConstDirectiveNode[] | undefined): Condition[] =>
    (directives ?? []).flatMap((directive) => {
      if (directive.name.value === names.authenticated) return [{ anyOf: [] }];
      if (directive.name.value === names.requiresScopes) return [{ anyOf: scopesArgument(directive) }];
      return [];
    });
  const add = (map: Map<string, Condition[]>, key: string, conditions: Condition[]) => {
    if (conditions.length) map.set(key, [...(map.get(key) ?? []), ...conditions]);
  };
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name || definition.kind === Kind.DIRECTIVE_DEFINITION) continue;
    const type = definition.name.value;
    if ('directives' in definition) add(types, type, conditionsOf(definition.directives as readonly ConstDirectiveNode[] | undefined));
    if (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION || definition.kind === Kind.INTERFACE_TYPE_DEFINITION || definition.kind === Kind.INTERFACE_TYPE_EXTENSION) {
      for (const field of definition.fields ?? []) add(fields, `${type}.${field.name.value}`, conditionsOf(field.directives));
    }
  }
  return { fields, types };
}

/** Whether `grant` satisfies every condition. */
export function satisfies(grant: Grant, conditions: readonly Condition[]): boolean {
  return conditions.every(({ anyOf }) => grant.authenticated && (anyOf.length === 0 || anyOf.some((all) => all.every((scope) => grant.scopes.has(scope)))));
}

/**
 * Everything selecting `parent.field` must satisfy, as Apollo Router reads the directives: the
 * field's own, its return type's, and on an interface the field's rules on every implementation
 * (the gateway cannot know which one a result will be, so it asks for all).
 */
export function fieldConditions(rules: AuthorizationRules, schema: GraphQLSchema, parent: GraphQLCompositeType, field: string, returnType: string): Condition[] {
  const own = [...(rules.fields.get(`${parent.name}.${field}`) ?? []), ...(rules.types.get(returnType) ?? [])];
  if (!isInterfaceType(parent)) return own;
  return [...own, ...schema.getPossibleTypes(parent).flatMap((type) => rules.fields.get(`${type.name}.${field}`) ?? [])];
}

/**
 * Why `grant` may not see a field, for the client: the scopes it lacks for the nearest way in, worded
 * as the subgraphs word it (kit/graphql/scope-directives.ts), so a refusal reads the same whichever
 * layer made it.
 */
export function refusal(grant: Grant, conditions: readonly Condition[]): string {
  const unmet = conditions.find((condition) => !satisfies(grant, [condition]));
  if (!unmet || unmet.anyOf.length === 0) return 'This field requires an authenticated caller';
  const gaps = unmet.anyOf.map((all) => all.filter((scope) => !grant.scopes.has(scope)));
  const missing = gaps.reduce((best, gap) => (gap.length < best.length ? gap : best)).map((scope) => `"${scope}"`);
  const names = missing.length === 1 ? missing[0]! : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
  return `This field requires the ${names} ${missing.length === 1 ? 'scope' : 'scopes'}, which your API key does not hold`;
}

function directiveNames(document: DocumentNode): { requiresScopes: string; authenticated: string } {
  const names = { requiresScopes: 'requiresScopes', authenticated: 'authenticated' };
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link') continue;
      const argument = (name: string) => {
        const value = link.arguments?.find((a) => a.name.value === name)?.value;
        return value?.kind === Kind.STRING ? value.value : undefined;
      };
      const url = argument('url') ?? '';
      const as = argument('as');
      if (url.startsWith(REQUIRES_SCOPES_SPEC) && as) names.requiresScopes = as;
      if (url.startsWith(AUTHENTICATED_SPEC) && as) names.authenticated = as;
    }
  }
  return names;
}

function scopesArgument(directive: ConstDirectiveNode): string[][] {
  const value = directive.arguments?.find((a) => a.name.value === 'scopes')?.value;
  if (value?.kind !== Kind.LIST) return [];
  return value.values.map((inner) => (inner.kind === Kind.LIST ? inner.values : [inner]).flatMap((s) => (s.kind === Kind.STRING ? [s.value] : [])));
}
