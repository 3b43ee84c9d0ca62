// What the server tells the app about itself (gateway/web-app.ts serves /app/config.json). Never
// a key or anything about a person: the served files are the same for everyone.
export interface AppConfig {
  /** The GraphQL endpoint, same origin. */
  graphqlUrl: string;
  /** GraphiQL is offered (always in development; in production when GRAPHIQL=true). */
  graphiql: boolean;
}

export async function loadConfig(): Promise<AppConfig> {
  try {
    const response = await fetch(`${import.meta.env.BASE_URL}config.json`, { credentials: 'omit' });
    if (response.ok) return (await response.json()) as AppConfig;
  } catch {
    // Served by Vite's dev server alone: fall through to the development defaults.
  }
  return { graphqlUrl: '/graphql', graphiql: import.meta.env.DEV };
}
