// GraphiQL bundled with the app (no CDN: it works on a closed network), opening with the headline
// operation. Requests carry the key the user signed in with, added by the fetcher, so the key is
// not in the headers editor and GraphiQL never stores it. GraphiQL keeps its tabs in
// sessionStorage (cleared at sign-out) rather than localStorage, since responses are about people.
// In production the gateway lets only keys with `schema:read` introspect; others see why here.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { useQuery } from '@apollo/client/react';
import { GraphiQL } from 'graphiql';
import { useMemo } from 'react';
import headline from '../../../../gateway/operations/headline.graphql?raw';
import { isForbidden } from '../../apollo/field-errors';
import { FirstVisiblePersonDocument, SchemaAccessDocument } from '../../gql/graphql';
import { useSession } from '../../session';

export default function GraphiQLScreen() {
  const { key, config } = useSession();
  const access = useQuery(SchemaAccessDocument, { fetchPolicy: 'network-only' });
  const example = useQuery(FirstVisiblePersonDocument);
  const fetcher = useMemo(() => createGraphiQLFetcher({ url: config.graphqlUrl, headers: { authorization: `Bearer ${key}` } }), [config.graphqlUrl, key]);
  if (access.loading || example.loading) return <p className="loading">Loading…</p>;
  if (isForbidden(access.error)) {
    return (
      <section aria-labelledby="graphiql-heading">
        <h1 id="graphiql-heading">GraphiQL</h1>
        <p>GraphiQL needs a key with the <code>schema:read</code> scope (a developer key). Sign in with one to explore the schema.</p>
      </section>
    );
  }
  const aNumber = example.data?.enrollees?.edges[0]?.node.aNumber ?? 'A200000001';
  return (
    <section aria-labelledby="graphiql-heading" className="graphiql-screen">
      <h1 id="graphiql-heading" className="visually-hidden">
        GraphiQL
      </h1>
      <GraphiQL
        fetcher={fetcher}
        storage={sessionStorage}
        shouldPersistHeaders={false}
        defaultQuery={headline}
        initialQuery={headline}
        initialVariables={JSON.stringify({ aNumber }, null, 2)}
      />
    </section>
  );
}
