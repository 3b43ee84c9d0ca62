// Which scopes each subgraph's hop token carries: only those the subgraph's own fields can use, read
// from its SDL (the field rules its resolvers enforce, and any @requiresScopes it declares). A
// subgraph never needs to know the caller holds, say, checkins.location:read to answer enrollment
// fields, so a token it leaks or logs grants nothing elsewhere, and a bug in one subgraph's checks
// cannot be exploited with scopes that were never meant for it.
import { readFileSync } from 'node:fs';
import { Kind, parse, type DocumentNode } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { SCOPES, type Caller, type Scope } from '../kit/identity/caller.js';
import { fieldScopesOf } from '../kit/graphql/scope-directives.js';

const supergraphConfigPath = new URL('../schema/supergraph.yaml', import.meta.url);

/**
 * Every scope a @requiresScopes in `typeDefs` names; every scope there is for the subgraph that
 * answers `Viewer.scopes` (the worklist's `viewer`: telling callers what their key holds is its
 * job). Its token is still bound to that one subgraph, which reads nothing those scopes guard.
 */
export function scopesUsedBy(typeDefs: DocumentNode): Set<Scope> {
  if (answersViewerScopes(typeDefs)) return new Set(SCOPES);
  return new Set([...fieldScopesOf(typeDefs).values()].flatMap((rule) => rule.anyOf.flat()));
}

function answersViewerScopes(typeDefs: DocumentNode): boolean {
  return typeDefs.definitions.some((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Viewer' && d.fields?.some((f) => f.name.value === 'scopes'));
}

/** Subgraph name -> the scopes its token may carry, from the SDL files schema/supergraph.yaml names. */
export function scopesBySubgraph(configPath: URL = supergraphConfigPath): Map<string, Set<Scope>> {
  const config = parseYaml(readFileSync(configPath, 'utf8')) as { subgraphs: Record<string, { schema: { file: string } }> };
  return new Map(
    Object.entries(config.subgraphs).map(([name, { schema }]) => [name, scopesUsedBy(parse(readFileSync(new URL(schema.file, configPath), 'utf8')))]),
  );
}

/**
 * `caller` as `subgraph` should see it: the same identity with only the scopes that subgraph uses.
 * An unknown subgraph gets no scopes at all (fail closed).
 */
export function narrowedFor(caller: Caller, subgraph: string, usable: Map<string, Set<Scope>>): Caller {
  const allowed = usable.get(subgraph);
  return { ...caller, scopes: new Set([...caller.scopes].filter((scope) => allowed?.has(scope))) };
}

