// Messages between the benchmark and its subgraph host process.

/** One subgraph call a gateway made, as the subgraph received it, with its timing (ms since host start). */
export interface RecordedCall {
  subgraph: string;
  body: { query: string; variables: Record<string, unknown> };
  start: number;
  end: number;
}

export type HostMessage = { type: 'statements' } | { type: 'record'; on: boolean };
export type HostReply = { type: 'ready' } | { type: 'statements'; counts: Record<string, number> } | { type: 'recorded'; calls: RecordedCall[] };

export const SUBGRAPH_URLS: Record<string, string> = {
  enrollment: 'http://127.0.0.1:4001/graphql',
  checkin: 'http://127.0.0.1:4002/graphql',
  docket: 'http://127.0.0.1:4003/graphql',
  legal: 'http://127.0.0.1:4004/graphql',
};

/**
 * The plan's shape from its recorded calls: a call that started before every call of the current
 * group ended runs in parallel with them; otherwise it waited, and starts the next group.
 */
export function planGroups(calls: readonly RecordedCall[]): RecordedCall[][] {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const groups: RecordedCall[][] = [];
  for (const call of sorted) {
    const current = groups.at(-1);
    if (current && current.every((c) => call.start < c.end)) current.push(call);
    else groups.push([call]);
  }
  return groups;
}
