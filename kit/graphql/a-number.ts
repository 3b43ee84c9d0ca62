// The A-number: `A` + nine digits, stored normalised. People type it many ways; accept the common ones.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ACCEPTED = 'use A123456789, A-123-456-789, 123456789 or an eight-digit number';

/** Returns `A` + nine digits, or throws a BAD_USER_INPUT error that names what is wrong. */
export function normalizeANumber(input: unknown): string {
  if (typeof input !== 'string') {
    throw invalid(`an A-number must be a string, got ${input === null ? 'null' : typeof input}`);
  }
  const trimmed = input.trim();
  const body = trimmed.replace(/^a/i, '').replace(/[-\s]/g, '');
  if (trimmed.length === 0) throw invalid('an A-number cannot be empty');
  if (!/^\d+$/.test(body)) throw invalid(`"${trimmed}" is not an A-number: only digits may follow the A (${ACCEPTED})`);
  if (body.length < 8 || body.length > 9) {
    throw invalid(`"${trimmed}" is not an A-number: it has ${body.length} digits, not 8 or 9 (${ACCEPTED})`);
  }
  return `A${body.padStart(9, '0')}`;
}

function invalid(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

export const GraphQLANumber = new GraphQLScalarType({
  name: 'ANumber',
  description: 'An alien registration number, normalised to `A` followed by nine digits.',
  serialize: (value) => normalizeANumber(value),
  parseValue: (value) => normalizeANumber(value),
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT) {
      throw invalid(`an A-number must be a string, got a ${ast.kind.toLowerCase()} literal`);
    }
    return normalizeANumber(ast.value);
  },
});
