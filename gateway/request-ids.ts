// A client reporting a server-side failure should be able to name it: errors the client cannot fix
// itself carry the request id (also in the x-request-id header) that finds every log line of the
// request, in the gateway and in each subgraph it called.
import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './context.js';

const SERVER_SIDE_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SERVICE_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE']);

export function requestIdOnServerErrors(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        // Runs after formatError, on what the client will receive.
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const requestId = contextValue.requestId;
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) =>
            SERVER_SIDE_CODES.has(String(error.extensions?.code)) ? { ...error, extensions: { ...error.extensions, requestId } } : error,
          );
        },
      };
    },
  };
}
