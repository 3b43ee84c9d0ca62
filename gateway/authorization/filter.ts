// Removes from an operation every field the caller may not see, before the gateway plans it (as
// Apollo Router does): the subgraphs are never asked for it, and its siblings are planned and
// answered as usual. Each removal is remembered with its response path, so the answer can carry null
// and a FORBIDDEN error there (patch-response.ts). Fragment spreads are inlined first, so a field
// inside a fragment used in two places is judged, and answered, at both.
import { createHash } from 'node:crypto';
import {
  getNamedType,
  getOperationAST,
  Kind,
  print,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { fieldConditions, refusal, satisfies, type AuthorizationRules, type Grant } from './rules.js';

/** The alias under which a result's own type is fetched where a removal depends on it (abstract types). */
export const TYPENAME_ALIAS = '__authorizationTypename';

export interface Removal {
  /** Response keys from the root to the removed field. */
  path: string[];
  /** Set when the field was selected on a narrower type than its parent's (`... on T`): only results of that type answer it. */
  onType: string | null;
  /** Response keys of the selection it was removed from, in order, so its null lands in its place. */
  siblings: string[];
  /** The @skip / @include on the field and its enclosing inline fragments: a field the client skipped gets no null. */
  conditions: DirectiveNode[];
  message: string;
}

export interface FilteredOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The plan cache's key for the filtered document: two callers share a plan only when they share the document. */
  queryHash: string;
  removals: Removal[];
  /** Paths whose results carry TYPENAME_ALIAS, to take out of the response. */
  typenamePaths: string[][];
  /** Everything at the root was removed; `__typename` stands in (a selection set cannot be empty) and is taken out again. */
  rootReplaced: boolean;
}

const EMPTIED = 'Every field selected on it requires a scope your API key does not hold';

/** The operation with what `grant` may not see removed, or null when it may see all of it. */
export function filterOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, rules: AuthorizationRules, grant: Grant): FilteredOperation | null {
  const original = getOperationAST(document, operationName);
  if (!original) return null;
  const operation = inlineFragments(original, document);
  const typeInfo = new TypeInfo(schema);
  const rootType = schema.getRootType(operation.operation)?.name ?? '';
  const removals: Removal[] = [];
  const needsTypename = new Set<string>();
  /** The fields entered and kept, root first: response key, named type, the type it was selected on. */
  const frames: { key: string; type: string; parent: string }[] = [];
  const pathHere = () => frames.map((f) => f.key);
  let rootReplaced = false;

  const remove = (field: FieldNode, selectedOn: string, message: string, ancestors: readonly (ASTNode | readonly ASTNode[])[]) => {
    const enclosing = frames.at(-1)?.type ?? rootType;
    const onType = enclosing === selectedOn ? null : selectedOn;
    if (onType) needsTypename.add(JSON.stringify(pathHere()));
    removals.push({
      path: [...pathHere(), responseKey(field)],
      onType,
      siblings: responseKeys(enclosingSelectionSet(ancestors) ?? { kind: Kind.SELECTION_SET, selections: [] }),
      conditions: inclusionConditions(field, ancestors),
      message,
    });
  };

  const filtered = visit(
    { kind: Kind.DOCUMENT, definitions: [operation] } as DocumentNode,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node, _key, _parent, _path, ancestors) {
          const parent = typeInfo.getParentType();
          const definition = typeInfo.getFieldDef();
          const type = definition ? getNamedType(definition.type).name : '';
          if (parent && definition && !node.name.value.startsWith('__')) {
            const conditions = fieldConditions(rules, schema, parent, definition.name, type);
            if (!satisfies(grant, conditions)) {
              remove(node, parent.name, refusal(grant, conditions), ancestors);
              return null;
            }
          }
          frames.push({ key: responseKey(node), type, parent: parent?.name ?? '' });
          return undefined;
        },
        leave(node, _key, _parent, _path, ancestors) {
          const path = pathHere();
          const frame = frames.pop()!;
          if (node.selectionSet && node.selectionSet.selections.length === 0) {
            // Nothing left to ask of it: the field itself goes, and answers for its children.
            const inside = (p: string[]) => p.length > path.length && path.every((k, i) => p[i] === k);
            for (let i = removals.length - 1; i >= 0; i--) if (inside(removals[i]!.path)) removals.splice(i, 1);
            remove(node, frame.parent, EMPTIED, ancestors);
            return null;
          }
          if (node.selectionSet && needsTypename.has(JSON.stringify(path))) {
            return { ...node, selectionSet: { ...node.selectionSet, selections: [...node.selectionSet.selections, typenameField(TYPENAME_ALIAS)] } };
          }
          return undefined;
        },
      },
      InlineFragment: {
        enter(node, _key, _parent, _path, ancestors) {
          const type = node.typeCondition?.name.value;
          if (!type || satisfies(grant, rules.types.get(type) ?? [])) return undefined;
          // A fragment on a type the caller may not see: each field it selects answers null.
          const message = refusal(grant, rules.types.get(type)!);
          for (const field of fieldsOf(node.selectionSet)) remove(field, type, message, [...ancestors, node]);
          return null;
        },
        leave(node) {
          return node.selectionSet.selections.length === 0 ? null : undefined;
        },
      },
      OperationDefinition: {
        leave(node) {
          if (node.selectionSet.selections.length > 0) return undefined;
          rootReplaced = true;
          return { ...node, selectionSet: { kind: Kind.SELECTION_SET, selections: [typenameField()] } };
        },
      },
    }),
  );
  if (removals.length === 0 && !rootReplaced) return null;
  const filteredOperation = filtered.definitions[0] as OperationDefinitionNode;
  const typenamePaths = [...needsTypename].map((p) => JSON.parse(p) as string[]);
  return { document: filtered, operation: filteredOperation, queryHash: createHash('sha256').update(print(filtered)).digest('hex'), removals, typenamePaths, rootReplaced };
}

/** The operation with every fragment spread replaced by an inline fragment of the same type and directives. */
function inlineFragments(operation: OperationDefinitionNode, document: DocumentNode): OperationDefinitionNode {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const inline = (selectionSet: SelectionSetNode): SelectionSetNode => ({
    ...selectionSet,
    selections: selectionSet.selections.map((selection) => {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value)!;
        return { kind: Kind.INLINE_FRAGMENT, typeCondition: fragment.typeCondition, directives: selection.directives, selectionSet: inline(fragment.selectionSet) };
      }
      return selection.selectionSet ? { ...selection, selectionSet: inline(selection.selectionSet) } : selection;
    }),
  });
  return { ...operation, selectionSet: inline(operation.selectionSet) };
}

function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}

/** The fields a selection set puts in its result object, through inline fragments. */
function fieldsOf(selectionSet: SelectionSetNode): FieldNode[] {
  return selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s] : s.kind === Kind.INLINE_FRAGMENT ? fieldsOf(s.selectionSet) : []));
}

function responseKeys(selectionSet: SelectionSetNode): string[] {
  return [...new Set(fieldsOf(selectionSet).map(responseKey))];
}

/** The selection set of the nearest field (or the operation) above a node. */
function enclosingSelectionSet(ancestors: readonly (ASTNode | readonly ASTNode[])[]): SelectionSetNode | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i] as ASTNode;
    if (node && !Array.isArray(node) && (node.kind === Kind.FIELD || node.kind === Kind.OPERATION_DEFINITION)) return node.selectionSet;
  }
  return undefined;
}

/** The field's own @skip / @include, and those of the inline fragments between it and its enclosing field. */
function inclusionConditions(field: FieldNode, ancestors: readonly (ASTNode | readonly ASTNode[])[]): DirectiveNode[] {
  const conditional = (directives: readonly DirectiveNode[] | undefined) => (directives ?? []).filter((d) => d.name.value === 'skip' || d.name.value === 'include');
  const conditions = conditional(field.directives);
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i] as ASTNode;
    if (!node || Array.isArray(node)) continue;
    if (node.kind === Kind.FIELD || node.kind === Kind.OPERATION_DEFINITION) break;
    if (node.kind === Kind.INLINE_FRAGMENT) conditions.push(...conditional(node.directives));
  }
  return conditions;
}

function typenameField(alias?: string): FieldNode {
  return { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' }, ...(alias ? { alias: { kind: Kind.NAME, value: alias } } : {}) };
}
