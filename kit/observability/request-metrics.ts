// Per-request metrics: what Apollo learns of a request (its validated operation's name, whether the
// answer carried errors) is noted in the request scope by an Apollo plugin, and the HTTP binding
// records the request once it is answered, so requests Apollo refuses before its plugins run (a bad
// key, an oversized body) are counted too, as operation "none".
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { graphqlRequestDuration, requestsRefused } from './metrics.js';
import { operationLabel } from './operation-label.js';
import { currentRequestScope } from '../http/request-scope.js';

/** Codes that mean the server, not the client, failed. */
const SERVER_SIDE_CODES = new Set(['INTERNAL_SERVER_ERROR', 'SUBGRAPH_UNAVAILABLE', 'SERVICE_UNAVAILABLE']);

export type Outcome = 'success' | 'partial' | 'client_error' | 'server_error';

function observed() {
  const scope = currentRequestScope();
  if (!scope) return undefined;
  return (scope.observed ??= {});
}

/** Apollo plugin (gateway and subgraphs): notes the operation's bounded name and the answer's outcome. */
export function observeOperations<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        // Runs after parsing and validation: only names of operations that exist in a valid document.
        async didResolveOperation({ operation }) {
          const notes = observed();
          if (notes && operation) notes.operation = operationLabel(operation.name?.value);
        },
        async willSendResponse({ response }) {
          const notes = observed();
          if (!notes || response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          notes.outcome = outcomeOf(data, errors);
        },
      };
    },
  };
}

function outcomeOf(data: unknown, errors: readonly GraphQLFormattedError[] | undefined): Outcome {
  if (!errors?.length) return 'success';
  if (errors.some((error) => SERVER_SIDE_CODES.has(String(error.extensions?.code)))) return data ? 'partial' : 'server_error';
  return data ? 'partial' : 'client_error';
}

/** Called by the HTTP binding when a GraphQL request has been answered. */
export function recordServedRequest(service: string | undefined, status: number, seconds: number): void {
  const notes = currentRequestScope()?.observed;
  let outcome = notes?.outcome ?? (status >= 500 ? 'server_error' : status >= 400 ? 'client_error' : 'success');
  if (status >= 500) outcome = 'server_error';
  graphqlRequestDuration.observe({ service: service ?? 'unknown', operation: notes?.operation ?? 'none', outcome }, seconds);
}

/** Counts a whole request refused with `code` (once per code per request). */
export function noteRefusal(code: string): void {
  const notes = observed();
  if (notes) {
    notes.refused ??= new Set();
    if (notes.refused.has(code)) return;
    notes.refused.add(code);
  }
  requestsRefused.inc({ code });
}

/**
 * Wraps the gateway's formatError: an error without a path is about the request as a whole (the
 * key, the document, a limit, a rate limit), so the request was refused with its code. Field
 * errors (with a path) are not refusals: the rest of the answer was served.
 */
export function countingRefusals<A extends unknown[]>(format: (formatted: GraphQLFormattedError, ...rest: A) => GraphQLFormattedError) {
  return (formatted: GraphQLFormattedError, ...rest: A): GraphQLFormattedError => {
    const result = format(formatted, ...rest);
    const code = result.extensions?.code;
    if (!result.path && typeof code === 'string') noteRefusal(code);
    return result;
  };
}
