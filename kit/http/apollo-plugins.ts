// Apollo Server plugins every server here turns off, gateway and subgraphs alike. Cache control:
// every answer is no-store (the HTTP binding says so), so per-field cache hints are pure cost.
// Usage and schema reporting: nothing about operations or the schema leaves for Apollo's servers,
// even if an APOLLO_KEY ever appears in the environment.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginSchemaReportingDisabled, ApolloServerPluginUsageReportingDisabled } from '@apollo/server/plugin/disabled';

export function apolloFeaturesOff<C extends BaseContext>(): ApolloServerPlugin<C>[] {
  return [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginUsageReportingDisabled(), ApolloServerPluginSchemaReportingDisabled()] as ApolloServerPlugin<C>[];
}
