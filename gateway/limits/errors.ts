// The error every limit refuses a request with: its own stable code, HTTP 400, and a message that
// names the limit and what the request had.
import { GraphQLError } from 'graphql';

export const LIMIT_CODES = {
  depth: 'DEPTH_LIMIT_EXCEEDED',
  aliases: 'ALIAS_LIMIT_EXCEEDED',
  directives: 'DIRECTIVE_LIMIT_EXCEEDED',
  tokens: 'TOKEN_LIMIT_EXCEEDED',
  cost: 'COST_LIMIT_EXCEEDED',
  batchedOperations: 'BATCH_LIMIT_EXCEEDED',
  batchingDisabled: 'BATCHING_DISABLED',
  /** Set by kit/http/http-server.ts, which refuses an oversized body before parsing it. */
  bodyBytes: 'PAYLOAD_TOO_LARGE',
} as const;

export type LimitCode = (typeof LIMIT_CODES)[keyof typeof LIMIT_CODES];

export class LimitExceededError extends GraphQLError {
  constructor(code: LimitCode, message: string) {
    super(message, { extensions: { code, http: { status: 400 } } });
    this.name = 'LimitExceededError';
  }
}
