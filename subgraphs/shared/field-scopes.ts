// The subgraph half of field-level access: each scoped field's resolver checks the caller's scopes
// (and records audited reads) using the rules kit/graphql/scope-directives.ts reads from the SDL, the
// same rules the gateway enforces before planning.
import { defaultFieldResolver, GraphQLError, type GraphQLFieldResolver } from 'graphql';
import { conjunction, missingScopes, type FieldRule } from '../../kit/graphql/scope-directives.js';
import type { Scope } from '../../kit/identity/caller.js';
import type { SubgraphContext } from './context.js';

type ResolverMap = Record<string, Record<string, unknown>>;

function forbidden(missing: Scope[]): GraphQLError {
  const names = conjunction(missing.map((s) => `"${s}"`));
  return new GraphQLError(`This field requires the ${names} ${missing.length === 1 ? 'scope' : 'scopes'}, which your API key does not hold`, {
    extensions: { code: 'FORBIDDEN' },
  });
}

/** The resolver map with every scoped field checking the caller's scopes before it resolves. */
export function enforceFieldScopes(resolvers: ResolverMap, rules: Map<string, FieldRule>): ResolverMap {
  const result: ResolverMap = { ...resolvers };
  for (const [path, { anyOf, audited }] of rules) {
    // @authenticated needs no check here: a subgraph answers no request without the gateway's signed identity.
    if (!anyOf.length && !audited) continue;
    const [type, field] = path.split('.') as [string, string];
    const typeResolvers = { ...(result[type] ?? {}) };
    const original = typeResolvers[field];
    const resolve = (typeof original === 'function' ? original : (original as { resolve?: unknown } | undefined)?.resolve ?? defaultFieldResolver) as GraphQLFieldResolver<unknown, SubgraphContext<unknown>>;
    const guarded: GraphQLFieldResolver<unknown, SubgraphContext<unknown>> = (parent, args, context, info) => {
      const missing = missingScopes(context.caller.scopes, anyOf);
      if (missing.length) throw forbidden(missing);
      if (audited) context.sensitiveReads.record(type, field, parent as Record<string, unknown>);
      return resolve(parent, args, context, info);
    };
    typeResolvers[field] = typeof original === 'object' && original !== null ? { ...original, resolve: guarded } : guarded;
    result[type] = typeResolvers;
  }
  return result;
}
