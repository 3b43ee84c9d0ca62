// The gateway's enforcement of the supergraph's @requiresScopes / @authenticated, before planning:
// once the operation is resolved, the fields the caller may not see are taken out of the document
// the gateway plans and executes, and put back as null + FORBIDDEN in the answer. The subgraphs
// keep enforcing the same directives on their side (defence in depth).
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { getVariableValues } from 'graphql';
import type { GatewayContext } from '../context.js';
import { filterOperation, type FilteredOperation } from './filter.js';
import { patchResponse } from './patch-response.js';
import type { AuthorizationRules } from './rules.js';

/** Distinct (operation, scope set) pairs whose filtering is remembered. */
const CACHE_ENTRIES = 1_000;

export function authorizationPlugin(rules: AuthorizationRules): ApolloServerPlugin<GatewayContext> {
  // Filtering depends only on the document, the operation and the caller's scopes, so it is done
  // once per combination. The filtered document gets its own queryHash: ApolloGateway caches query
  // plans by it, and a plan made for one caller's document must never serve another's.
  const filtered = new Map<string, FilteredOperation | null>();
  const filterFor = (context: GraphQLRequestContextDidResolveOperation<GatewayContext>) => {
    const scopes = context.contextValue.caller.scopes;
    const key = `${context.queryHash}\n${context.operationName ?? ''}\n${[...scopes].sort().join(' ')}`;
    let entry = filtered.get(key);
    if (entry === undefined) {
      entry = filterOperation(context.schema, context.document, context.operationName, rules, { authenticated: true, scopes });
      if (filtered.size >= CACHE_ENTRIES) filtered.delete(filtered.keys().next().value!);
      filtered.set(key, entry);
    }
    return entry;
  };
  return {
    async requestDidStart() {
      let applied: FilteredOperation | null = null;
      let variables: Record<string, unknown> = {};
      return {
        async didResolveOperation(context) {
          applied = filterFor(context);
          if (!applied) return;
          // For @skip / @include on removed fields; invalid values fail execution, and nothing is patched.
          variables = getVariableValues(context.schema, applied.operation.variableDefinitions ?? [], context.request.variables ?? {}).coerced ?? {};
          // Apollo Server hands the gateway whatever document, operation and queryHash the request
          // context holds when execution starts.
          Object.assign(context, { document: applied.document, operation: applied.operation, queryHash: applied.queryHash });
        },
        async willSendResponse({ response }) {
          if (applied && response.body.kind === 'single') patchResponse(response.body.singleResult as never, applied, variables);
        },
      };
    },
  };
}
