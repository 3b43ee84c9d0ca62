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

/**
 * Years a Date or DateTime may fall in. graphql-scalars accepts year 0 ("0000-01-01"), which
 * Postgres cannot store (there is no year 0) and which no supervision record is about.
 */
export const YEARS = { min: 1, max: 9999 } as const;

/** Refuses a parsed Date outside YEARS, with a message that says which years are accepted. */
function withinYears(value: unknown): unknown {
  if (value instanceof Date) {
    const year = value.getUTCFullYear();
    if (year < YEARS.min || year > YEARS.max) throw new TypeError(`the year must be between ${YEARS.min} and ${YEARS.max}, got ${year}`);
  }
  return value;
}

/** Checks each scalar's parsed value must also pass, beyond graphql-scalars' own. */
const EXTRA_CHECKS: Record<string, (value: unknown) => unknown> = { Date: withinYears, DateTime: withinYears };

// graphql-scalars throws plain TypeErrors; tag them so clients get BAD_USER_INPUT with the reason.
function withUserInputErrors(scalar: GraphQLScalarType): GraphQLScalarType {
  const check = EXTRA_CHECKS[scalar.name] ?? ((value: unknown) => value);
  const tag = <A extends unknown[], R>(fn: (...args: A) => R) => (...args: A): R => {
    try {
      return check(fn(...args)) as R;
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
