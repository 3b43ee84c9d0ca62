// Messages between the benchmark and its subgraph host process.

/** One subgraph call a gateway made, as the subgraph received it. */
export interface RecordedCall {
  subgraph: string;
  body: { query: string; variables: Record<string, unknown>; operationName?: string };
  /** Bytes of the HTTP body as received. */
  bodyBytes: number;
  /** Header names the call carried (values are not kept: one is the identity token). */
  headers: string[];
}

/** What the host saw of each request, keyed by the x-request-id the gateway forwarded. */
export interface Recording {
  calls: Record<string, RecordedCall[]>;
  /** SQL statements sent by the subgraphs while serving each request. */
  statements: Record<string, number>;
}

/** `profile`: start, or stop and write to `file`, a CPU profile of the subgraph process (node:inspector). */
/** `events`: start the domains' relays and consumers (in process), which the host runs without until asked. */
export type HostMessage = { type: 'statements' } | { type: 'record'; on: boolean } | { type: 'profile'; on: boolean; file?: string } | { type: 'events' };
export type HostReply =
  | { type: 'ready' }
  | { type: 'statements'; counts: Record<string, number> }
  | ({ type: 'recorded' } & Recording)
  | { type: 'profiled' }
  | { type: 'events-started' };

export const SUBGRAPH_URLS: Record<string, string> = {
  enrollment: 'http://127.0.0.1:4001/graphql',
  checkin: 'http://127.0.0.1:4002/graphql',
  docket: 'http://127.0.0.1:4003/graphql',
  legal: 'http://127.0.0.1:4004/graphql',
  worklist: 'http://127.0.0.1:4005/graphql',
  outcomes: 'http://127.0.0.1:4006/graphql',
  alerts: 'http://127.0.0.1:4007/graphql',
};
