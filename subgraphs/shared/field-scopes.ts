// Field-level access, read from the SDL itself: a docstring saying "Requires the `x` scope" on a
// field (or on its type, for every non-key field of the type) is what the resolver enforces, so the
// API documentation and the rule cannot drift apart. A field the caller may not see resolves to
// null with a FORBIDDEN error at its path; the rest of the response is still returned.
import { defaultFieldResolver, GraphQLError, Kind, type DocumentNode, type GraphQLFieldResolver } from 'graphql';
import { SCOPES, type Scope, type SubgraphContext } from './context.js';

const REQUIRES = /Requires the `([a-z.:]+)` scope/;
const AUDITED = /Reading it is recorded in the audit trail/;

/** What a field's docstring asks of its resolver. */
export interface FieldRule {
  scope: Scope;
  /** Reads are audited (personal contact details, location). */
  audited: boolean;
}

/** `Type.field` -> rule, from the docstrings of a subgraph's SDL. Throws on a scope that does not exist. */
export function fieldScopesOf(typeDefs: DocumentNode): Map<string, FieldRule> {
  const scopes = new Map<string, FieldRule>();
  const parse = (text: string | undefined, where: string): Scope | undefined => {
    const name = text && REQUIRES.exec(text)?.[1];
    if (!name) return undefined;
    if (!(SCOPES as readonly string[]).includes(name)) throw new Error(`${where}: unknown scope "${name}" in its docstring`);
    return name as Scope;
  };
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const type = definition.name.value;
    const typeScope = 'description' in definition ? parse(definition.description?.value, type) : undefined;
    const keyFields = new Set(
      (definition.directives ?? [])
        .filter((d) => d.name.value === 'key')
        .flatMap((d) => d.arguments?.flatMap((a) => (a.value.kind === Kind.STRING ? a.value.value.split(/\s+/) : [])) ?? []),
    );
    for (const field of definition.fields ?? []) {
      const name = `${type}.${field.name.value}`;
      const scope = parse(field.description?.value, name) ?? (keyFields.has(field.name.value) ? undefined : typeScope);
      if (scope) scopes.set(name, { scope, audited: AUDITED.test(field.description?.value ?? '') });
    }
  }
  return scopes;
}

type ResolverMap = Record<string, Record<string, unknown>>;

function forbidden(scope: Scope): GraphQLError {
  return new GraphQLError(`This field requires the "${scope}" scope, which your API key does not hold`, { extensions: { code: 'FORBIDDEN' } });
}

/** The resolver map with every scoped field checking the caller's scopes before it resolves. */
export function enforceFieldScopes(resolvers: ResolverMap, scopes: Map<string, FieldRule>): ResolverMap {
  const result: ResolverMap = { ...resolvers };
  for (const [path, { scope, audited }] of scopes) {
    const [type, field] = path.split('.') as [string, string];
    const typeResolvers = { ...(result[type] ?? {}) };
    const original = typeResolvers[field];
    const resolve = (typeof original === 'function' ? original : (original as { resolve?: unknown } | undefined)?.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, SubgraphContext<unknown>>;
    const guarded: GraphQLFieldResolver<unknown, SubgraphContext<unknown>> = (parent, args, context, info) => {
      if (!context.caller.scopes.has(scope)) throw forbidden(scope);
      if (audited) context.sensitiveReads.record(type, field, parent as Record<string, unknown>);
      return resolve(parent, args, context, info);
    };
    typeResolvers[field] = typeof original === 'object' && original !== null ? { ...original, resolve: guarded } : guarded;
    result[type] = typeResolvers;
  }
  return result;
}
