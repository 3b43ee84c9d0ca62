// Every custom scalar of the graph, by name. Subgraphs take the ones their SDL declares; the gateway
// installs the same parsers on its API schema so bad input is refused before any planning.
import { GraphQLError, GraphQLScalarType, type DocumentNode, Kind } from 'graphql';
import {
  GraphQLCountryCode,
  GraphQLDate,
  GraphQLDateTime,
  GraphQLJSONObject,
  GraphQLLatitude,
  GraphQLLocalTime,
  GraphQLLongitude,
  GraphQLPhoneNumber,
  GraphQLUUID,
} from 'graphql-scalars';
import { GraphQLANumber } from './a-number.js';

// graphql-scalars throws plain TypeErrors; tag them so clients get BAD_USER_INPUT with the reason.
function withUserInputErrors(scalar: GraphQLScalarType): GraphQLScalarType {
  const tag = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
    try {
      return fn(...args);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new GraphQLError(`Invalid ${scalar.name}: ${reason}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  };
  const config = scalar.toConfig();
  return new GraphQLScalarType({
    ...config,
    parseValue: tag(config.parseValue!),
    parseLiteral: tag(config.parseLiteral!),
  });
}

export const scalars: Record<string, GraphQLScalarType> = Object.fromEntries(
  [GraphQLDateTime, GraphQLDate, GraphQLJSONObject, GraphQLLocalTime, GraphQLUUID, GraphQLCountryCode, GraphQLPhoneNumber, GraphQLLatitude, GraphQLLongitude, GraphQLANumber].map(
    (s) => [s.name, withUserInputErrors(s)],
  ),
);

/** The scalar implementations a subgraph's SDL declares, as resolver-map entries. */
export function scalarsDeclaredIn(typeDefs: DocumentNode): Record<string, GraphQLScalarType> {
  const declared = typeDefs.definitions.filter((d) => d.kind === Kind.SCALAR_TYPE_DEFINITION).map((d) => d.name.value);
  return Object.fromEntries(
    declared.map((name) => {
      const scalar = scalars[name];
      if (!scalar) throw new Error(`No implementation for scalar ${name}`);
      return [name, scalar];
    }),
  );
}
