// Relay connections with keyset cursors: a cursor is the sort key of the last row seen, so pages
// stay stable while rows are added and cost the same at any depth.
import { badUserInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<K> {
  /** Rows to return. */
  limit: number;
  /** The decoded sort key to continue after, or null for the first page. */
  after: K | null;
}

/** Validates `first` and decodes `after`; `isKey` checks the decoded cursor's shape. */
export function parsePage<K>(args: PageArgs, isKey: (value: unknown) => value is K, defaultSize = 20): Page<K> {
  const first = args.first ?? defaultSize;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`"first" must be between 1 and ${MAX_PAGE_SIZE}, got ${first}`, 'first');
  }
  if (args.after == null) return { limit: first, after: null };
  return { limit: first, after: decodeCursor(args.after, isKey) };
}

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor<K>(cursor: string, isKey: (value: unknown) => value is K): K {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!isKey(value)) throw badUserInput('"after" is not a cursor this list returned', 'after');
  return value;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/**
 * Builds a connection from up to `limit + 1` rows (the extra row only says whether a next page exists).
 */
export function toConnection<T>(rows: T[], page: Page<unknown>, keyOf: (row: T) => unknown): Connection<T> {
  const nodes = rows.slice(0, page.limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.limit,
      hasPreviousPage: page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Type guard for cursors that are tuples of strings. */
export function isStringTuple(length: number) {
  return (value: unknown): value is string[] =>
    Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'string');
}
