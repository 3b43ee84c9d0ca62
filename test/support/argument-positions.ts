// Every place in the API a value of some scalar can be given: each argument of each root field, and
// each field of the input objects under them, read from the schema itself, so a field added later
// is covered without anyone listing it. For each place, a well-formed operation (every other
// required input filled with a valid value) whose variables put a chosen value exactly there.
import { getNamedType, getNullableType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLArgument, type GraphQLField, type GraphQLInputField, type GraphQLInputType, type GraphQLSchema } from 'graphql';

/** A valid value for each scalar the API declares (an input not under test still has to parse). */
const VALID: Record<string, unknown> = {
  String: 'x',
  ID: 'x',
  Int: 1,
  Float: 1,
  Boolean: true,
  UUID: '00000000-0000-4000-8000-000000000000',
  ANumber: 'A200000001',
  Date: '2030-01-02',
  DateTime: '2030-01-02T10:00:00Z',
  LocalTime: '10:00:00',
  CountryCode: 'US',
  PhoneNumber: '+12025550123',
  Latitude: 40,
  Longitude: -74,
  JSONObject: {},
};

export interface ArgumentPosition {
  /** `Query.enrollees(filter.familyName)`, for messages. */
  name: string;
  /** The input path the API reports in `extensions.field`: `filter.familyName`, `input.reason`. */
  field: string;
  /** The scalar expected there. */
  scalar: string;
  /** A well-formed operation taking every argument of its field as a variable. */
  query: string;
  /** Its variables, with `value` at this position and valid values everywhere else required. */
  variables(value: unknown): Record<string, unknown>;
}

function validValue(type: GraphQLInputType, depth = 0): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [validValue(inner.ofType, depth)];
  if (isEnumType(inner)) return inner.getValues()[0]!.name;
  if (isScalarType(inner)) {
    if (!(inner.name in VALID)) throw new Error(`argument-positions.ts: no valid value for scalar ${inner.name}; add one`);
    return VALID[inner.name];
  }
  if (isInputObjectType(inner)) return requiredFields(Object.values(inner.getFields()), depth + 1);
  throw new Error(`unexpected input type ${String(type)}`);
}

function requiredFields(fields: readonly (GraphQLInputField | GraphQLArgument)[], depth: number): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => isNonNullType(f.type) && f.defaultValue === undefined).map((f) => [f.name, validValue(f.type, depth)]));
}

/** Paths under an input of `type` that end at a scalar in `scalars`, with the object around each. */
function pathsIn(type: GraphQLInputType, scalars: Set<string>, depth: number): { path: string[]; scalar: string; wrap: (value: unknown) => unknown }[] {
  const inner = getNullableType(type);
  if (isListType(inner)) return pathsIn(inner.ofType, scalars, depth).map((p) => ({ path: ['0', ...p.path], scalar: p.scalar, wrap: (v) => [p.wrap(v)] }));
  if (isScalarType(inner)) return scalars.has(inner.name) ? [{ path: [], scalar: inner.name, wrap: (v) => v }] : [];
  if (!isInputObjectType(inner) || depth > 4) return [];
  const fields = Object.values(inner.getFields());
  return fields.flatMap((field) =>
    pathsIn(field.type, scalars, depth + 1).map((p) => ({
      path: [field.name, ...p.path],
      scalar: p.scalar,
      wrap: (v: unknown) => ({ ...requiredFields(fields, depth + 1), [field.name]: p.wrap(v) }),
    })),
  );
}

/** The selection for a field's result: __typename works on any object, union or interface. */
function selectionFor(field: GraphQLField<unknown, unknown>): string {
  return isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type)) ? '' : ' { __typename }';
}

/** Every position in `schema`'s queries and mutations that takes one of `scalars`. */
export function argumentPositions(schema: GraphQLSchema, scalars: string[]): ArgumentPosition[] {
  const wanted = new Set(scalars);
  const positions: ArgumentPosition[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    const keyword = root === schema.getMutationType() ? 'mutation' : 'query';
    for (const field of Object.values(root.getFields())) {
      if (field.name.startsWith('_')) continue;
      const declarations = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
      const uses = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const query = `${keyword}${declarations ? `(${declarations})` : ''} { ${field.name}${uses ? `(${uses})` : ''}${selectionFor(field)} }`;
      const required = requiredFields(field.args, 0);
      for (const argument of field.args) {
        for (const { path, scalar, wrap } of pathsIn(argument.type, wanted, 0)) {
          const fieldPath = [argument.name, ...path].join('.');
          positions.push({ name: `${root.name}.${field.name}(${fieldPath})`, field: fieldPath, scalar, query, variables: (value) => ({ ...required, [argument.name]: wrap(value) }) });
        }
      }
    }
  }
  return positions;
}
