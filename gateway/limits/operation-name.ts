// A document whose operation cannot be chosen (an unknown `operationName`, or several operations
// and no name) is the client's mistake. Apollo Server leaves it to the gateway, which throws while
// planning and the client gets a 500; refusing it here, before planning, answers 400 with Apollo's
// own code for it. (Found by test/fuzz.e2e.test.ts.)
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError } from 'graphql';

export function requireResolvableOperation<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          const message = request.operationName
            ? `Unknown operation named "${request.operationName}".`
            : 'The document has several operations: name the one to run in "operationName".';
          throw new GraphQLError(message, { extensions: { code: ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE, http: { status: 400 } } });
        },
      };
    },
  };
}
