// Reads the access rules out of the committed supergraph and writes the operations that probe them,
// so the authorization matrix covers every @requiresScopes field without anyone listing the fields:
// a scoped field added to any subgraph's SDL is probed the next time the suite runs.
import { readFileSync } from 'node:fs';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  valueFromASTUntyped,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
} from 'graphql';
import type { Scope } from '../../kit/identity/caller.js';

export type Path = (string | number)[];
type Field = GraphQLField<unknown, unknown>;

export const schema = buildSchema(readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'));
export const queryType = schema.getQueryType()!;
export const mutationType = schema.getMutationType()!;

/** The scopes a field's @requiresScopes asks for, all of them (null: the field names none). */
export function requirementOf(field: Field): Scope[] | null {
  const directive = field.astNode?.directives?.find((d) => d.name.value === 'requiresScopes');
  if (!directive) return null;
  const alternatives = valueFromASTUntyped(directive.arguments![0]!.value) as Scope[][];
  // Alternatives ("this list or that one") would need a caller per combination; none exist yet.
  if (alternatives.length !== 1) throw new Error(`${field.name}: the matrix probes one list of scopes per field`);
  return alternatives[0]!;
}

export const allows = (held: ReadonlySet<Scope>, field: Field) => (requirementOf(field) ?? []).every((scope) => held.has(scope));

/** Object types with at least one scoped field, Query and Mutation apart. */
export function scopedTypes(): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => type !== queryType && type !== mutationType && !type.name.startsWith('__'))
    .filter((type) => Object.values(type.getFields()).some(requirementOf));
}

export const scopedFieldsOf = (type: GraphQLObjectType) => Object.values(type.getFields()).filter(requirementOf);

const requiredArgs = (field: Field) => field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
/** Every page asked for in full: the test database is small, and the rules hold on every record. */
const argsText = (field: Field) => (field.args.some((a) => a.name === 'first') ? '(first: 100)' : '');
const subSelection = (field: Field) => (isObjectType(getNamedType(field.type)) ? ' { __typename }' : '');

/**
 * Root fields that hold only a slice of their records, so no way to every record runs through
 * them: upcoming hearings have no outcome yet; the viewer's organisation exists for partner keys
 * only. Both are still probed as root fields, and each is still the way to its own type (Viewer).
 */
const NOT_A_ROUTE = new Set(['Query.upcomingHearings', 'Query.viewer']);

/** A list, a page of one (`…Connection`) or an edge's `node` reaches every record; anything else one. */
function hopCost(parent: GraphQLObjectType, field: Field): number {
  if (isListType(isNonNullType(field.type) ? field.type.ofType : field.type)) return 1;
  if (getNamedType(field.type).name.endsWith('Connection')) return 1;
  if (parent.name.endsWith('Edge') && field.name === 'node') return 0;
  return 10;
}

/**
 * The cheapest way from a root query field to `target` through fields the caller may read
 * (`passable`), preferring lists (every record) over single objects (one record that may hold no data).
 * Null when every way passes a field the caller may not read.
 */
export function pathTo(target: GraphQLObjectType, passable: (field: Field) => boolean): Field[] | null {
  const best = new Map<string, { cost: number; path: Field[] }>([[queryType.name, { cost: 0, path: [] }]]);
  const queue = [queryType.name];
  while (queue.length) {
    queue.sort((a, b) => best.get(a)!.cost - best.get(b)!.cost);
    const name = queue.shift()!;
    const here = best.get(name)!;
    if (name === target.name) return here.path;
    for (const field of Object.values((schema.getType(name) as GraphQLObjectType).getFields())) {
      const next = getNamedType(field.type);
      if (!isObjectType(next) || next === queryType || requiredArgs(field).length || !passable(field) || (NOT_A_ROUTE.has(`${name}.${field.name}`) && next !== target)) continue;
      const cost = here.cost + hopCost(schema.getType(name) as GraphQLObjectType, field);
      if (cost < (best.get(next.name)?.cost ?? Infinity)) {
        if (!best.has(next.name)) queue.push(next.name);
        best.set(next.name, { cost, path: [...here.path, field] });
      }
    }
  }
  return null;
}

/** `a(first: 100) { b { <leaf> } }` along `path`. */
export function operationAlong(path: Field[], leaf: string): string {
  return `{ ${path.reduceRight((inner, field) => `${field.name}${argsText(field)} { __typename ${inner} }`, leaf)} }`;
}

/** The selection of a type's scoped fields, each with enough under it to be non-null. */
export const leafOf = (fields: Field[]) => fields.map((f) => `${f.name}${argsText(f)}${subSelection(f)}`).join(' ');

/** A root field's selection, with its required arguments as variables. */
export function rootOperation(kind: 'query' | 'mutation', field: Field): string {
  const args = requiredArgs(field);
  const declared = args.length ? `(${args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ')})` : '';
  const passed = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
  return `${kind}${declared} { ${field.name}${passed}${field.args.some((a) => a.name === 'first') && !args.length ? '(first: 100)' : ''}${subSelection(field)} }`;
}

/** The required arguments of a root field. */
export const requiredArgsOf = requiredArgs;

/** Every object the template path reaches in a response, with its concrete path (list indexes in). */
export function reached(data: unknown, keys: string[], prefix: Path = []): { path: Path; value: Record<string, unknown> }[] {
  if (data == null) return [];
  if (Array.isArray(data)) return data.flatMap((item, i) => reached(item, keys, [...prefix, i]));
  if (!keys.length) return [{ path: prefix, value: data as Record<string, unknown> }];
  const [key, ...rest] = keys;
  return reached((data as Record<string, unknown>)[key!], rest, [...prefix, key!]);
}

const SCALAR_PLACEHOLDERS: Record<string, unknown> = {
  UUID: '00000000-0000-4000-8000-000000000000',
  DateTime: '1970-01-01T00:00:00Z',
  Date: '1970-01-01',
  LocalTime: '00:00:00',
  ANumber: 'A000000000',
  CountryCode: 'US',
  PhoneNumber: '+12025550100',
  Latitude: 0,
  Longitude: 0,
  JSONObject: {},
  String: '',
  ID: 'x',
  Int: 0,
  Float: 0,
  Boolean: false,
};

/**
 * A value of `type` that is well-formed but names nothing (the zero UUID, the epoch, empty text), so
 * a mutation called with it fails on its input, never writes: what a caller holding the scope gets
 * is an input error, what one lacking it gets is FORBIDDEN.
 */
export function placeholderOf(type: GraphQLInputType): unknown {
  const named = getNamedType(type);
  if (isScalarType(named)) {
    if (!(named.name in SCALAR_PLACEHOLDERS)) throw new Error(`no placeholder for the scalar ${named.name}: add one`);
    return SCALAR_PLACEHOLDERS[named.name];
  }
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    const fields = Object.values(named.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return Object.fromEntries(fields.map((f) => [f.name, placeholderOf(f.type)]));
  }
  throw new Error(`no placeholder for ${String(type)}`);
}
