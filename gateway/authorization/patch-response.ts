// Puts the removed fields back into the answer: null, with a FORBIDDEN error at each place the field
// would have been (every item of a list, every alias), after execution. Done here rather than by
// letting the field fail during execution because a null a resolver returns for a non-null field
// takes its parent (up to the whole `data`) with it; a field the caller may not see must cost it
// that field only.
import { getDirectiveValues, GraphQLIncludeDirective, GraphQLSkipDirective, type DirectiveNode, type GraphQLFormattedError } from 'graphql';
import { TYPENAME_ALIAS, type FilteredOperation } from './filter.js';

type ResponseObject = Record<string, unknown>;
interface Result {
  data?: ResponseObject | null;
  errors?: readonly GraphQLFormattedError[];
}

/** `variables`: the request's coerced variable values, which @skip / @include may name. */
export function patchResponse(result: Result, filtered: FilteredOperation, variables: Record<string, unknown> = {}): void {
  const data = result.data;
  if (!data || typeof data !== 'object') return;
  const errors: GraphQLFormattedError[] = [];
  for (const removal of filtered.removals) {
    if (!included(removal.conditions, variables)) continue;
    const key = removal.path.at(-1)!;
    for (const { object, path } of objectsAt(data, removal.path.slice(0, -1), [])) {
      if (removal.onType && object[TYPENAME_ALIAS] !== removal.onType) continue;
      placeNull(object, key, removal.siblings);
      errors.push({ message: removal.message, path: [...path, key], extensions: { code: 'FORBIDDEN' } });
    }
  }
  for (const path of filtered.typenamePaths) for (const { object } of objectsAt(data, path, [])) delete object[TYPENAME_ALIAS];
  if (filtered.rootReplaced) delete data.__typename;
  if (errors.length) result.errors = [...(result.errors ?? []), ...errors];
}

/** Whether @skip / @include let the field into the response, as execution would have decided. */
function included(conditions: DirectiveNode[], variables: Record<string, unknown>): boolean {
  return conditions.every((directive) => {
    const definition = directive.name.value === 'skip' ? GraphQLSkipDirective : GraphQLIncludeDirective;
    const condition = getDirectiveValues(definition, { directives: [directive] }, variables)?.if === true;
    return definition === GraphQLSkipDirective ? !condition : condition;
  });
}

/** Every result object at `path` (response keys), through lists at any depth, with its concrete path. */
function* objectsAt(value: unknown, path: string[], at: (string | number)[]): Generator<{ object: ResponseObject; path: (string | number)[] }> {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* objectsAt(item, path, [...at, index]);
    return;
  }
  const object = value as ResponseObject;
  if (path.length === 0) {
    yield { object, path: at };
    return;
  }
  yield* objectsAt(object[path[0]!], path.slice(1), [...at, path[0]!]);
}

/** Sets `object[key] = null` where the client's selection put it among `siblings`. */
function placeNull(object: ResponseObject, key: string, siblings: string[]): void {
  if (key in object) {
    object[key] = null;
    return;
  }
  const entries = Object.entries(object);
  const ordered: [string, unknown][] = [];
  for (const name of siblings) {
    if (name === key) ordered.push([key, null]);
    else if (name in object) ordered.push([name, object[name]]);
  }
  for (const entry of entries) if (!siblings.includes(entry[0])) ordered.push(entry);
  for (const [name] of entries) delete object[name];
  for (const [name, value] of ordered) object[name] = value;
}
