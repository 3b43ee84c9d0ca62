import { ApolloProvider } from '@apollo/client/react';
import { Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { createClient } from './apollo/client';
import { forgetKey, storedKey, storeKey } from './auth/session';
import { Layout } from './components/Layout';
import { loadConfig, type AppConfig } from './config';
import { HOME, screens } from './routes';
import { matchPath, navigate, usePath } from './routing/router';
import { NotFound } from './screens/NotFound';
import { SignIn } from './screens/SignIn';
import { SessionContext, type Session } from './session';

export function App() {
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [key, setKey] = useState<string | null>(storedKey);
  const [notice, setNotice] = useState<string | undefined>();
  const path = usePath();
  useEffect(() => void loadConfig().then(setConfig), []);
  // Signed in at the bare /app/ address: go to the home screen (after render, not during it).
  useEffect(() => {
    if (key && path === '/') navigate(HOME);
  }, [key, path]);

  const client = useMemo(() => (config && key ? createClient(config.graphqlUrl, key) : null), [config, key]);
  const signOut = useCallback(
    (reason?: string) => {
      forgetKey();
      void client?.clearStore();
      setKey(null);
      setNotice(reason);
      navigate('/');
    },
    [client],
  );

  if (!config) return <p className="loading">Loading…</p>;
  if (!key || !client) {
    return (
      <SignIn
        config={config}
        notice={notice}
        onSignedIn={(newKey) => {
          storeKey(newKey);
          setKey(newKey);
          setNotice(undefined);
          if (path === '/' || path === '') navigate(HOME);
        }}
      />
    );
  }

  const session: Session = { key, client, config, signOut };
  const offered = screens.filter((screen) => screen.offered?.(config) ?? true);
  const route = path === '/' ? null : offered.map((screen) => ({ screen, params: matchPath(screen.path, path) })).find((m) => m.params);
  const Screen = route?.screen.component;
  return (
    <SessionContext.Provider value={session}>
      <ApolloProvider client={client}>
        <Layout screens={offered} current={route?.screen} title={route?.screen.title ?? 'Not found'}>
          <Suspense fallback={<p className="loading">Loading…</p>}>{Screen ? <Screen params={route!.params!} /> : path === '/' ? null : <NotFound />}</Suspense>
        </Layout>
      </ApolloProvider>
    </SessionContext.Provider>
  );
}
