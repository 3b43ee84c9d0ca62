// What a gateway asks of the subgraphs for one request, from the calls the subgraph host recorded:
// how many fetches, how large, how many entity representations (and how many of them repeat one
// already in the same fetch), how many `__typename` selections, and which headers. The benchmark
// prints it for every target, so a difference in the subgraphs' work can be traced to the requests.
import type { RecordedCall } from './ipc.js';

export interface FetchShape {
  fetches: number;
  /** HTTP body bytes, all fetches. */
  bodyBytes: number;
  /** Characters of query text, all fetches. */
  queryChars: number;
  /** Bytes of JSON variables, all fetches. */
  variablesBytes: number;
  representations: number;
  /** Representations equal to an earlier one in the same fetch. */
  duplicateRepresentations: number;
  /** `__typename` selections in the query texts. */
  typenames: number;
  /** Header names sent on every fetch (identity, request id, trace context...). */
  headers: string;
}

export function fetchShape(calls: readonly RecordedCall[]): FetchShape {
  let representations = 0;
  let duplicates = 0;
  for (const call of calls) {
    const list = call.body.variables.representations;
    if (!Array.isArray(list)) continue;
    representations += list.length;
    duplicates += list.length - new Set(list.map((r) => JSON.stringify(r))).size;
  }
  const common = calls.length ? calls.map((c) => new Set(c.headers)).reduce((a, b) => new Set([...a].filter((h) => b.has(h)))) : new Set<string>();
  return {
    fetches: calls.length,
    bodyBytes: calls.reduce((n, c) => n + c.bodyBytes, 0),
    queryChars: calls.reduce((n, c) => n + c.body.query.length, 0),
    variablesBytes: calls.reduce((n, c) => n + JSON.stringify(c.body.variables).length, 0),
    representations,
    duplicateRepresentations: duplicates,
    typenames: calls.reduce((n, c) => n + (c.body.query.match(/__typename/g)?.length ?? 0), 0),
    headers: [...common].filter((h) => !['host', 'connection', 'content-length', 'content-type', 'accept', 'accept-encoding', 'user-agent'].includes(h)).sort().join(', '),
  };
}

/** The mean shape over many requests (headers: those of the first). */
export function meanShape(shapes: readonly FetchShape[]): FetchShape {
  const mean = (key: Exclude<keyof FetchShape, 'headers'>) => shapes.reduce((n, s) => n + s[key], 0) / Math.max(1, shapes.length);
  return {
    fetches: mean('fetches'),
    bodyBytes: mean('bodyBytes'),
    queryChars: mean('queryChars'),
    variablesBytes: mean('variablesBytes'),
    representations: mean('representations'),
    duplicateRepresentations: mean('duplicateRepresentations'),
    typenames: mean('typenames'),
    headers: shapes[0]?.headers ?? '',
  };
}

/** The self time of a CPU profile's hottest functions, as shares of its samples. */
export function profileTop(profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[] }, count = 12): { name: string; share: number }[] {
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const byName = new Map<string, number>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist\/)?/, '');
    const name = `${functionName || '(anonymous)'} ${where ? `${where}:${lineNumber + 1}` : ''}`.trim();
    byName.set(name, (byName.get(name) ?? 0) + (node.hitCount ?? 0));
  }
  return [...byName].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, hits]) => ({ name, share: hits / Math.max(1, total) }));
}
