// Every path through a schema that can reach a person's data, generated from the schema itself so a
// field or type added later is covered without anyone listing it: a walk from each root field over
// object-typed fields, to a bounded depth, never entering a type already on the path (cycles).
import {
  getNamedType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

/** One chain of object-typed fields from a root field, and the operation that selects it. */
export interface PersonPath {
  /** `enrolleeByANumber.representationHistory.immigrationCase`, for messages. */
  name: string;
  /** The root field's name. */
  root: string;
  /** The name of the type the root field returns. */
  rootType: string;
  /** The root field's arguments that the operation declares as variables. */
  rootArgs: { name: string; type: string; required: boolean }[];
  /** The operation: the chain, with every leaf field of every type on it selected. */
  operation: string;
  /** `Type.field` of every field the operation selects. */
  fields: string[];
}

/**
 * A type that carries a person's data: the person itself (`person`), anything that points at a
 * person, or anything that names one by an identifying scalar (an A-number).
 */
export function carriesPerson(type: GraphQLObjectType, person: string, identifyingScalars: readonly string[]): boolean {
  if (type.name === person) return true;
  return Object.values(type.getFields()).some((field) => {
    const named = getNamedType(field.type);
    return named.name === person || (isScalarType(named) && identifyingScalars.includes(named.name));
  });
}

/** Page size of every list below the root field. */
const PAGE = 2;

const requiredArgs = (field: GraphQLField<unknown, unknown>) => field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);

/** Every leaf field of `type` that needs no argument (a required argument would need a value). */
function leafSelection(type: GraphQLObjectType, except: ReadonlySet<string> = new Set()): string {
  const leaves = Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && requiredArgs(f).length === 0 && !except.has(f.name));
  return leaves.length ? leaves.map((f) => f.name).join(' ') : '__typename';
}

/**
 * Every field of `type` to `depth` levels of objects: its leaves (bar `except`, such as the key
 * fields a caller sent) and, below, each object-typed field with its own leaves.
 */
export function fullSelection(type: GraphQLObjectType, depth: number, except: ReadonlySet<string> = new Set()): string {
  const parts = [leafSelection(type, except)];
  if (depth > 1) {
    for (const field of Object.values(type.getFields())) {
      const next = getNamedType(field.type);
      if (isObjectType(next) && requiredArgs(field).length === 0) parts.push(`${field.name} { ${fullSelection(next, depth - 1)} }`);
    }
  }
  return parts.join(' ');
}

export interface WalkOptions {
  /** The root operation type whose fields the paths start from. */
  rootType: GraphQLObjectType;
  /** The type that is a person (`Enrollee`). */
  person: string;
  /** Scalars that name a person (`ANumber`). */
  identifyingScalars: readonly string[];
  /** Object-typed fields on a path, the root field included. */
  maxDepth: number;
}

/** One field of a path, the type it returns, and that type's fields that lead back into the path. */
interface Step {
  field: GraphQLField<unknown, unknown>;
  type: GraphQLObjectType;
  /**
   * Fields of `type` returning a type already on the path (a case's counsel under a
   * representation, another hearing of the person). Following them would start a cycle, so the
   * path does not go on through them, but selects their leaves: a record one hop back, such as
   * another person's counsel on a case named by a filing, is still looked at, at every level.
   */
  closing: GraphQLField<unknown, unknown>[];
}

/**
 * Every maximal path from each field of the root type that can lead to a person, each as one
 * operation selecting every leaf field at every level of the path, so each shorter path is covered
 * as the prefix of a longer one. Below such a root field every object field is followed.
 */
export function personPaths(schema: GraphQLSchema, options: WalkOptions): PersonPath[] {
  const paths = new Map<string, PersonPath>();
  const leadsToPerson = typesLeadingTo(schema, (type) => carriesPerson(type, options.person, options.identifyingScalars));
  for (const root of Object.values(options.rootType.getFields())) {
    const start = getNamedType(root.type);
    if (!isObjectType(start) || !leadsToPerson.has(start.name)) continue;
    const rootArgs = root.args.map((a) => ({ name: a.name, type: String(a.type), required: isNonNullType(a.type) && a.defaultValue === undefined }));
    const walk = (chain: Step[], onPath: Set<string>) => {
      const step = chain.at(-1)!;
      let extended = false;
      for (const field of Object.values(step.type.getFields())) {
        const next = getNamedType(field.type);
        if (!isObjectType(next)) continue;
        if (requiredArgs(field).length) throw new Error(`${step.type.name}.${field.name} has required arguments: give the path walk values for them`);
        if (onPath.has(next.name)) continue;
        if (chain.length >= options.maxDepth) continue;
        extended = true;
        const nextOnPath = new Set([...onPath, next.name]);
        walk([...chain, { field, type: next, closing: closingFields(next, nextOnPath) }], nextOnPath);
      }
      const name = chain.map((s) => s.field.name).join('.');
      if (!extended) paths.set(name, { name, root: root.name, rootType: start.name, rootArgs, operation: operationFor(chain, rootArgs), fields: fieldsOf(chain) });
    };
    const onPath = new Set([options.rootType.name, start.name]);
    walk([{ field: root, type: start, closing: closingFields(start, onPath) }], onPath);
  }
  return [...paths.values()];
}

function closingFields(type: GraphQLObjectType, onPath: ReadonlySet<string>): GraphQLField<unknown, unknown>[] {
  return Object.values(type.getFields()).filter((f) => onPath.has(getNamedType(f.type).name));
}

/** Object types from which some chain of fields reaches a type that carries a person (or is one). */
function typesLeadingTo(schema: GraphQLSchema, personal: (type: GraphQLObjectType) => boolean): Set<string> {
  const objects = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));
  const leading = new Set(objects.filter(personal).map((t) => t.name));
  for (let grew = true; grew; ) {
    grew = false;
    for (const type of objects) {
      if (leading.has(type.name)) continue;
      if (Object.values(type.getFields()).some((f) => leading.has(getNamedType(f.type).name))) {
        leading.add(type.name);
        grew = true;
      }
    }
  }
  return leading;
}

const leafFields = (type: GraphQLObjectType) => Object.values(type.getFields()).filter((f) => isLeafType(getNamedType(f.type)) && requiredArgs(f).length === 0);

function fieldsOf(chain: Step[]): string[] {
  return chain.flatMap(({ type, closing }, index) => [
    ...leafFields(type).map((f) => `${type.name}.${f.name}`),
    ...closing.map((f) => `${type.name}.${f.name}`),
    ...(chain[index + 1] ? [`${type.name}.${chain[index + 1]!.field.name}`] : []),
  ]);
}

/** Small pages below the root keep every path under the gateway's cost limit. */
const pageArgs = (field: GraphQLField<unknown, unknown>) => (field.args.some((a) => a.name === 'first') ? `(first: ${PAGE})` : '');

function operationFor(chain: Step[], rootArgs: PersonPath['rootArgs']): string {
  const declared = rootArgs.map((a) => `$${a.name}: ${a.type}`).join(', ');
  const passed = rootArgs.map((a) => `${a.name}: $${a.name}`).join(', ');
  let selection = '';
  for (const [index, { field, type, closing }] of [...chain.entries()].reverse()) {
    const args = index === 0 ? (passed ? `(${passed})` : '') : pageArgs(field);
    const back = closing.map((f) => `${f.name}${pageArgs(f)} { ${leafSelection(getNamedType(f.type) as GraphQLObjectType)} }`);
    selection = `${field.name}${args} { ${[leafSelection(type), ...back, selection].filter(Boolean).join(' ')} }`;
  }
  return `query Path${declared ? `(${declared})` : ''} { ${selection} }`;
}
