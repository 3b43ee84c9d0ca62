// Token limit, checked while parsing: GraphQL Armor's parser counts tokens as the lexer produces
// them and stops at the first one over the limit, so an oversized document is never parsed whole.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { Lexer, Source, TokenKind } from 'graphql';
import { LIMIT_CODES, LimitExceededError } from './errors.js';

/** All tokens in `source`, for the message; lexing alone is linear and bounded by the body limit. */
function countTokens(source: string): number {
  const lexer = new Lexer(new Source(source));
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A lexical error ends the count; Apollo's own parse reports it if the request gets that far.
  }
  return count;
}

export function refuseOverTokenLimit(source: string, limit: number): void {
  const parser = new MaxTokensParserWLexer(source, { n: limit });
  try {
    parser.parseDocument();
  } catch {
    if (parser.tokenCount > limit) {
      throw new LimitExceededError(LIMIT_CODES.tokens, `Token limit of ${limit} exceeded, found ${countTokens(source)}.`);
    }
    // Any other failure is a syntax error, which Apollo's parse reports as GRAPHQL_PARSE_FAILED.
  }
}

export function tokenLimit<C extends BaseContext>(limit: number): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async parsingDidStart({ source }) {
          if (source !== undefined) refuseOverTokenLimit(source, limit);
        },
      };
    },
    // Apollo does not catch what a parsingDidStart hook throws: it lands here, and rethrowing a
    // GraphQLError makes Apollo answer with it (status and code intact) instead of a bare 500.
    async unexpectedErrorProcessingRequest({ error }) {
      if (error instanceof LimitExceededError) throw error;
    },
  };
}
