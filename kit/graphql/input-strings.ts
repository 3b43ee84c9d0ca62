// U+0000 in a string argument. GraphQL and JSON both allow it, but no Postgres text column can
// store it or be compared with it ("invalid byte sequence for encoding UTF8: 0x00"), so left alone
// it reaches SQL and comes back as an internal error. Refused before anything runs, in the gateway
// (before planning) and in every subgraph (which must not trust its caller for this), as
// INVALID_STRING with the input's path in `field`: "familyName", "input.reason" ...
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, visit, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { domainError, ErrorCode } from './errors.js';

const NUL = '\u0000';

/** The path of the first string holding NUL in `value` (a variable's JSON value), or null. */
function inValue(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = inValue(item, `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = inValue(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** The argument path of the first string literal holding NUL in the operation or its fragments. */
function inLiterals(document: DocumentNode, operation: OperationDefinitionNode): string | null {
  let found: string | null = null;
  const path: string[] = [];
  const search = (node: DocumentNode | OperationDefinitionNode) =>
    visit(node, {
      Argument: { enter: (n) => void path.push(n.name.value), leave: () => void path.pop() },
      ObjectField: { enter: (n) => void path.push(n.name.value), leave: () => void path.pop() },
      StringValue(n) {
        if (!found && n.value.includes(NUL)) found = path.join('.') || '(literal)';
      },
    });
  search(operation);
  for (const definition of document.definitions) {
    if (!found && definition.kind === Kind.FRAGMENT_DEFINITION) search({ kind: Kind.DOCUMENT, definitions: [definition] });
  }
  return found;
}

export function refuseNulCharacters<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request }) {
          if (!operation) return;
          const field = inLiterals(document, operation) ?? inValue(request.variables ?? {}, '')?.slice(1) ?? null;
          if (!field) return;
          const error = domainError(ErrorCode.INVALID_STRING, `"${field}" contains the character U+0000, which is not accepted in any text`, field);
          // Thrown before execution, so Apollo takes the status from here (it would otherwise be 500).
          error.extensions.http = { status: 400 };
          throw error;
        },
      };
    },
  };
}
