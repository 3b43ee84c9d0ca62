// Hive Gateway for the side-by-side benchmark: the same supergraph, the same subgraphs. Subgraphs
// accept only a signed identity, which the benchmark's client sends and Hive passes through.
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => ({ 'x-supervision-identity': request.headers.get('x-supervision-identity') ?? '' }),
  },
  graphiql: false,
  landingPage: false,
});
