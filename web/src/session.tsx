// The signed-in session: the key (in sessionStorage) and the Apollo Client made for it.
import type { ApolloClient } from '@apollo/client';
import { createContext, useContext, useEffect } from 'react';
import type { AppConfig } from './config';

export interface Session {
  key: string;
  client: ApolloClient;
  config: AppConfig;
  signOut: (reason?: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in session');
  return session;
}

/** Ends the session when the gateway stops accepting the key (revoked mid-session). */
export function useEndSessionOn401(unauthenticated: boolean): void {
  const { signOut } = useSession();
  useEffect(() => {
    if (unauthenticated) signOut('Your key is no longer accepted. Sign in again.');
  }, [unauthenticated, signOut]);
}
