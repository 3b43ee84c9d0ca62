// Every subgraph fetch of a query plan: the caller's signed identity (minted for this subgraph) and the request id go with
// it, it gives up after a timeout, and when the subgraph cannot answer (down, hanging, answering
// garbage) the fields it would have provided come back null with a SUBGRAPH_UNAVAILABLE error at
// each of their paths, so the rest of the response still arrives. Nothing about the subgraph (URL,
// status, body) reaches the client; the log line names it.
import { type GraphQLDataSource, type GraphQLDataSourceProcessOptions, type ServiceEndpointDefinition } from '@apollo/gateway';
import { Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import { HOP_HEADER } from '../kit/identity/hop-token.js';
import { logEvent } from '../kit/observability/log.js';
import { subgraphFetchDuration, subgraphFetchErrors } from '../kit/observability/metrics.js';
import { REQUEST_ID_HEADER } from '../kit/http/request-scope.js';
import { injectTraceHeaders, inSpan, SpanKind } from '../kit/observability/tracing.js';
import type { GatewayContext } from './context.js';
import { postJson } from './subgraph-transport.js';

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
const DOMAINS: Record<string, string> = { enrollment: 'enrollment', checkin: 'check-in', docket: 'court docket', legal: 'legal representation', worklist: 'worklist', outcomes: 'outcome statistics' };

export const subgraphUnavailableMessage = (subgraph: string) => `The ${DOMAINS[subgraph] ?? subgraph} service is unavailable; try again shortly`;

/** ApolloGateway's buildService: one data source per subgraph. */
export function subgraphDataSources(options: SubgraphFetchOptions) {
  return ({ name, url }: ServiceEndpointDefinition) =>
    new SignedIdentityDataSource(name, options.subgraphUrls?.[name] ?? url ?? '', options.subgraphTimeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS);
}

type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Why a subgraph's answer could not be used; only the log line sees it. */
class UnusableAnswer extends Error {
  override name = 'UnusableAnswer';
  constructor(readonly reason: string) {
    super(reason);
  }
}

/**
 * The gateway's side of one subgraph. It implements Apollo's GraphQLDataSource itself rather than
 * extending RemoteGraphQLDataSource, which builds node-fetch Request and Headers objects on every
 * call for hooks (APQ, cache-control hints, didReceiveResponse) this gateway does not use: about 4%
 * of the gateway's CPU under load (BENCHMARKS.md).
 */
export class SignedIdentityDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly subgraph: string,
    private readonly url: string,
    private readonly timeoutMs: number,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const started = performance.now();
    try {
      const response = await inSpan('gateway', `POST ${this.subgraph}`, SpanKind.CLIENT, { 'subgraph.name': this.subgraph, 'http.request.method': 'POST' }, () => this.send(options));
      const seconds = (performance.now() - started) / 1000;
      subgraphFetchDuration.observe({ subgraph: this.subgraph, result: 'ok' }, seconds);
      logEvent('debug', 'subgraph fetch', { service: 'gateway', subgraph: this.subgraph, durationMs: Math.round(seconds * 1000) });
      return response;
    } catch (error) {
      const reason = failureReason(error);
      subgraphFetchDuration.observe({ subgraph: this.subgraph, result: 'error' }, (performance.now() - started) / 1000);
      subgraphFetchErrors.inc({ subgraph: this.subgraph, reason: reasonLabel(reason) });
      // Only fetches made for a client's operation (not health checks or schema loading) answer with errors at paths.
      if (!('incomingRequestContext' in options)) throw error;
      logEvent('warn', 'subgraph unavailable', { service: 'gateway', subgraph: this.subgraph, reason, durationMs: Math.round(performance.now() - started) });
      return { errors: errorsAtMissingFields(options.document ?? parse(options.request.query ?? '{__typename}'), options.request.variables, subgraphUnavailableMessage(this.subgraph)) };
    }
  }

  /**
   * Subgraphs refuse fetches without the signed identity; the request id ties their log lines to
   * ours. Of a failed answer only the status is kept: the subgraph's URL and body stay here.
   */
  private async send({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<SubgraphResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (context.hopTokenFor) headers[HOP_HEADER] = await context.hopTokenFor(this.subgraph);
    if (context.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
    injectTraceHeaders(headers);
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName });
    const answer = await postJson(this.url, headers, body, this.timeoutMs);
    if (answer.status < 200 || answer.status > 299) throw new UnusableAnswer(`status ${answer.status}`);
    if (!/^application\/(graphql-response\+)?json\b/.test(answer.contentType ?? '')) throw new UnusableAnswer('not JSON');
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer.text);
    } catch {
      throw new UnusableAnswer('malformed JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UnusableAnswer('not a GraphQL response');
    return parsed as SubgraphResponse;
  }
}

/** A bounded metrics label for failureReason's text. */
function reasonLabel(reason: string): string {
  if (reason === 'timeout' || reason === 'not JSON' || reason === 'malformed JSON' || reason === 'not a GraphQL response') return reason.replaceAll(' ', '_').toLowerCase();
  if (reason.startsWith('status ')) return 'status';
  // Socket error codes (ECONNREFUSED, ECONNRESET ...) and undici's own (UND_ERR_SOCKET ...).
  return /^(E[A-Z]+|UND_ERR_[A-Z_]+|SocketError)$/.test(reason) ? 'connection' : 'other';
}

function failureReason(error: unknown): string {
  if (error instanceof UnusableAnswer) return error.reason;
  const name = (error as Error)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  // undici reports a refused connection with the socket's code on the error itself, others on its cause.
  const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? code : (name ?? 'unknown');
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
