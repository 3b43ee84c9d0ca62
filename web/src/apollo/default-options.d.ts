// Tells Apollo Client's types what createClient (client.ts) sets as defaults: every query keeps
// partial data with its errors (errorPolicy 'all'), because a FORBIDDEN field is not a failed screen.
import '@apollo/client';

declare module '@apollo/client' {
  export namespace ApolloClient {
    export namespace DeclareDefaultOptions {
      interface WatchQuery {
        errorPolicy: 'all';
      }
      interface Query {
        errorPolicy: 'all';
      }
    }
  }
}
