// Introspection policy: in development every key may introspect (Sandbox needs it); in production
// only a key holding `schema:read`. Field suggestions in errors are off in production (server.ts).
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, visit, type DocumentNode } from 'graphql';
import type { GatewayContext } from './context.js';

function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value === '__schema' || node.name.value === '__type') found = true;
    },
  });
  return found;
}

export function introspectionPolicy(production: boolean): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (!production || contextValue.caller.scopes.has('schema:read')) return;
          if (introspects(document)) {
            throw new GraphQLError('Introspection requires the "schema:read" scope', { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
          }
        },
      };
    },
  };
}
