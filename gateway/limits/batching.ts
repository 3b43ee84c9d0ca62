// Batched operations (a JSON array body). Apollo Server runs every operation of a batch at once
// with no cap on how many, and when batching is off it refuses a batch with the generic
// BAD_REQUEST. This server checks a batch before Apollo sees it: off (the default) is
// BATCHING_DISABLED, over the configured size is BATCH_LIMIT_EXCEEDED, both before authentication,
// parsing or planning.
import { ApolloServer, HeaderMap, type ApolloServerOptions, type BaseContext, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import { LIMIT_CODES } from './errors.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';

/** The refusal for a batch of `size` operations, or null when it may run. */
function batchRefusal(size: number, limit: number): { code: string; message: string } | null {
  if (limit === 0) {
    return { code: LIMIT_CODES.batchingDisabled, message: `Batched operations are disabled: send one operation per request (found a batch of ${size}).` };
  }
  if (size > limit) return { code: LIMIT_CODES.batchedOperations, message: `Batch limit of ${limit} operations exceeded, found ${size}.` };
  return null;
}

function refuse(request: HTTPGraphQLRequest, code: string, message: string): HTTPGraphQLResponse {
  // The same media type Apollo would answer with: application/json unless only the newer type is accepted.
  const accept = request.headers.get('accept') ?? '';
  const type = accept.includes('application/graphql-response+json') && !accept.includes('application/json') ? GRAPHQL_RESPONSE_TYPE : JSON_TYPE;
  return {
    status: 400,
    headers: new HeaderMap([['content-type', type]]),
    body: { kind: 'complete', string: JSON.stringify({ errors: [{ message, extensions: { code } }] }) },
  };
}

export class BatchLimitedApolloServer<C extends BaseContext> extends ApolloServer<C> {
  /** `batchLimit`: operations one batch may carry; 0 refuses every batch. */
  constructor(
    config: ApolloServerOptions<C>,
    private readonly batchLimit: number,
  ) {
    super({ ...config, allowBatchedHttpRequests: batchLimit > 0 });
  }

  override async executeHTTPGraphQLRequest(args: Parameters<ApolloServer<C>['executeHTTPGraphQLRequest']>[0]): Promise<HTTPGraphQLResponse> {
    const { httpGraphQLRequest } = args;
    if (httpGraphQLRequest.method === 'POST' && Array.isArray(httpGraphQLRequest.body)) {
      const refusal = batchRefusal(httpGraphQLRequest.body.length, this.batchLimit);
      if (refusal) return refuse(httpGraphQLRequest, refusal.code, refusal.message);
    }
    return super.executeHTTPGraphQLRequest(args);
  }
}
