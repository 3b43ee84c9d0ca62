// One Apollo Client per signed-in key, with the recommended cache (cache.ts). POST with a JSON body,
// which Apollo Server's CSRF prevention accepts as is; a GET would need `apollo-require-preflight`.
import { ApolloClient, HttpLink } from '@apollo/client';
import { createCache } from './cache';

export function createClient(graphqlUrl: string, key: string): ApolloClient {
  return new ApolloClient({
    cache: createCache(),
    link: new HttpLink({ uri: graphqlUrl, headers: { authorization: `Bearer ${key}` }, credentials: 'omit' }),
    // A field this key may not see is null with a FORBIDDEN error at its path: keep the rest.
    defaultOptions: {
      watchQuery: { errorPolicy: 'all' },
      query: { errorPolicy: 'all' },
    },
  });
}
