// Subscriptions: the supergraph declares none, and the gateway serves queries and mutations over
// plain HTTP only. graphql-js validates `subscription { ... }` against a root type that does not
// exist without complaint, and the gateway then throws while planning it, which the client saw as
// a 500. Refused here, before planning, as the client's mistake with its own code.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';

export const SUBSCRIPTIONS_NOT_SUPPORTED = 'SUBSCRIPTIONS_NOT_SUPPORTED';

export function refuseSubscriptions<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return;
          throw new GraphQLError('Subscriptions are not supported: this API answers queries and mutations only.', {
            extensions: { code: SUBSCRIPTIONS_NOT_SUPPORTED, http: { status: 400 } },
          });
        },
      };
    },
  };
}
