// Every subgraph fetch of a query plan: the caller's signed identity and the request id go with
// it, it gives up after a timeout, and when the subgraph cannot answer (down, hanging, answering
// garbage) the fields it would have provided come back null with a SUBGRAPH_UNAVAILABLE error at
// each of their paths, so the rest of the response still arrives. Nothing about the subgraph (URL,
// status, body) reaches the client; the log line names it.
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions, type ServiceEndpointDefinition } from '@apollo/gateway';
import { GraphQLError, Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import { HOP_HEADER } from '../subgraphs/shared/hop-token.js';
import { logEvent } from '../subgraphs/shared/log.js';
import { REQUEST_ID_HEADER } from '../subgraphs/shared/request-scope.js';
import type { GatewayContext } from './context.js';
import { undiciFetcher } from './undici-fetcher.js';

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 5_000;

// GatewayOptions (server.ts) carries these through to buildService.
declare module './server.js' {
  interface GatewayOptions {
    /** How long one subgraph fetch may take before its fields fail with SUBGRAPH_UNAVAILABLE (default 5000 ms). */
    subgraphTimeoutMs?: number;
  }
}

export interface SubgraphFetchOptions {
  /** Subgraph name -> URL, overriding the supergraph's routing URLs. */
  subgraphUrls?: Record<string, string>;
  subgraphTimeoutMs?: number;
}

/** What clients call each subgraph's domain in error messages. */
const DOMAINS: Record<string, string> = { enrollment: 'enrollment', checkin: 'check-in', docket: 'court docket', legal: 'legal representation' };

export const subgraphUnavailableMessage = (subgraph: string) => `The ${DOMAINS[subgraph] ?? subgraph} service is unavailable; try again shortly`;

/** ApolloGateway's buildService: one data source per subgraph. */
export function subgraphDataSources(options: SubgraphFetchOptions) {
  return ({ name, url }: ServiceEndpointDefinition) =>
    new SignedIdentityDataSource(name, options.subgraphUrls?.[name] ?? url ?? '', options.subgraphTimeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS);
}

type SubgraphResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;


export class SignedIdentityDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    timeoutMs: number,
  ) {
    // The deadline covers connect, headers and body.
    super({ url, fetcher: undiciFetcher(timeoutMs) });
  }

  /** Subgraphs refuse fetches without the signed identity; the request id ties their log lines to ours. */
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (context.hopToken) request.http?.headers.set(HOP_HEADER, context.hopToken);
    if (context.requestId) request.http?.headers.set(REQUEST_ID_HEADER, context.requestId);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const started = performance.now();
    try {
      const response = await super.process(options);
      logEvent('debug', 'subgraph fetch', { service: 'gateway', subgraph: this.subgraph, durationMs: Math.round(performance.now() - started) });
      return response;
    } catch (error) {
      // Only fetches made for a client's operation (not health checks or schema loading) answer with errors at paths.
      if (!('incomingRequestContext' in options)) throw error;
      logEvent('warn', 'subgraph unavailable', { service: 'gateway', subgraph: this.subgraph, reason: failureReason(error), durationMs: Math.round(performance.now() - started) });
      return { errors: errorsAtMissingFields(options.document ?? parse(options.request.query ?? '{__typename}'), options.request.variables, subgraphUnavailableMessage(this.subgraph)) };
    }
  }

  // The base class copies the subgraph's URL and body into the error; only the status is kept,
  // for the log line above.
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    await response.text().catch(() => undefined);
    return new GraphQLError(`HTTP ${response.status}`, { extensions: { status: response.status } });
  }
}

function failureReason(error: unknown): string {
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const status = (error as GraphQLError)?.extensions?.status;
  if (typeof status === 'number') return `status ${status}`;
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof cause === 'string' ? cause : (name ?? 'unknown');
}

/**
 * One error per field the failed fetch was asked for, at that field's path in the fetch's own
 * response (`_entities.<i>.<field>` for an entity fetch, `<field>` for a root fetch). The gateway
 * maps those paths into the client's response, so each error sits on the field left null.
 */
export function errorsAtMissingFields(document: DocumentNode, variables: Record<string, unknown> | undefined, message: string) {
  const extensions = { code: 'SUBGRAPH_UNAVAILABLE' };
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [{ message, extensions }];
  const entities = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
  const representations = variables?.representations;
  if (entities?.kind === Kind.FIELD && entities.selectionSet && Array.isArray(representations)) {
    const fieldsByType = fieldsPerType(entities.selectionSet);
    return representations.flatMap((representation, index) =>
      (fieldsByType.get((representation as { __typename?: string }).__typename ?? '') ?? []).map((field) => ({ message, path: ['_entities', index, field], extensions })),
    );
  }
  return responseNames(operation.selectionSet).map((field) => ({ message, path: [field], extensions }));
}

function fieldsPerType(selectionSet: SelectionSetNode): Map<string, string[]> {
  const byType = new Map<string, string[]>();
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.INLINE_FRAGMENT || !selection.typeCondition) continue;
    const type = selection.typeCondition.name.value;
    byType.set(type, [...(byType.get(type) ?? []), ...responseNames(selection.selectionSet)]);
  }
  return byType;
}

function responseNames(selectionSet: SelectionSetNode): string[] {
  return selectionSet.selections.flatMap((selection) =>
    selection.kind === Kind.FIELD && selection.name.value !== '__typename' ? [selection.alias?.value ?? selection.name.value] : [],
  );
}
