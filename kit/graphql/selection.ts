// Whether a request selects a field below the one being resolved: lets a resolver skip work no
// selected field needs. Follows fragments (named and inline); an @include/@skip is not evaluated,
// so a conditional selection counts as selected (the work is done, never wrongly left out).
import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

function selects(set: SelectionSetNode | undefined, path: readonly string[], info: GraphQLResolveInfo): boolean {
  if (!set) return false;
  const [name, ...rest] = path;
  for (const selection of set.selections) {
    if (selection.kind === 'Field' && selection.name.value === name && (rest.length === 0 || selects(selection.selectionSet, rest, info))) return true;
    if (selection.kind === 'InlineFragment' && selects(selection.selectionSet, path, info)) return true;
    if (selection.kind === 'FragmentSpread' && selects(info.fragments[selection.name.value]?.selectionSet, path, info)) return true;
  }
  return false;
}

/** Whether the field being resolved selects `path` (field names, e.g. ['rows', 'cost']), in any of its occurrences. */
export const selectsPath = (info: GraphQLResolveInfo, path: readonly string[]): boolean => info.fieldNodes.some((node) => selects(node.selectionSet, path, info));
