// The supergraph alone gives the gateway pass-through scalars, so a bad UUID or A-number would be
// planned and sent to a subgraph before anyone refused it. Installing the subgraphs' own parsers
// on the gateway's API schema refuses it up front, with the same BAD_USER_INPUT message.
import { isScalarType, type GraphQLSchema } from 'graphql';
import { scalars } from '../kit/graphql/scalars.js';

export function installScalarParsers(schema: GraphQLSchema): void {
  for (const [name, implementation] of Object.entries(scalars)) {
    const type = schema.getType(name);
    if (!isScalarType(type)) continue;
    // Only input parsing: results are already serialised by the subgraph that produced them.
    type.parseValue = implementation.parseValue;
    type.parseLiteral = implementation.parseLiteral;
  }
}
