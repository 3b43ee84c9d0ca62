import { useState, type FormEvent } from 'react';
import { createClient } from '../apollo/client';
import { isUnauthenticated } from '../apollo/field-errors';
import type { AppConfig } from '../config';
import { SessionCheckDocument } from '../gql/graphql';

/**
 * Sign in with an API key. The key is checked with one request (the gateway answers 401 for a key it
 * does not accept) and only then kept, in sessionStorage.
 */
export function SignIn({ config, notice, onSignedIn }: { config: AppConfig; notice?: string; onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const candidate = key.trim();
    if (!candidate) {
      setProblem('Enter an API key.');
      return;
    }
    setChecking(true);
    setProblem(undefined);
    const { error } = await createClient(config.graphqlUrl, candidate).query({ query: SessionCheckDocument, fetchPolicy: 'no-cache' });
    setChecking(false);
    if (!error) {
      setKey('');
      onSignedIn(candidate);
    } else {
      setProblem(isUnauthenticated(error) ? 'The gateway did not accept this key. Check it and try again.' : 'The gateway could not be reached. Try again shortly.');
    }
  }

  return (
    <main id="main" className="sign-in">
      <h1>Sign in to Supervision Gateway</h1>
      {notice && <p role="status">{notice}</p>}
      <form onSubmit={submit} noValidate>
        <label htmlFor="api-key">API key</label>
        <p id="api-key-help" className="help">
          Your organisation's key (<code>sgk_…</code>). It stays in this browser tab only and is forgotten when you sign out or close the tab.
        </p>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={problem ? 'api-key-help api-key-problem' : 'api-key-help'}
          aria-invalid={problem ? true : undefined}
          value={key}
          onChange={(event) => setKey(event.target.value)}
        />
        {problem && (
          <p id="api-key-problem" className="problem" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      <p className="footer-note">All data here is synthetic.</p>
    </main>
  );
}
