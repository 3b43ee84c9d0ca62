// The request a piece of code is running for. The HTTP binding opens a scope per request; the logger
// stamps every line with its id and error formatting quotes it, without threading it through
// every call. AsyncLocalStorage follows the request through awaits, DataLoader batches and timers.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

export interface RequestScope {
  requestId: string;
  /** What request-metrics.ts learns while the request is served (its operation, outcome, refusals). */
  observed?: { operation?: string; outcome?: string; refused?: Set<string> };
}

const scope = new AsyncLocalStorage<RequestScope>();

export function runInRequestScope<T>(requestId: string, work: () => T): T {
  return scope.run({ requestId }, work);
}

/** The scope of the request being served, or undefined outside any request. */
export function currentRequestScope(): RequestScope | undefined {
  return scope.getStore();
}

/** The id of the request being served, or undefined outside any request (startup, shutdown). */
export function currentRequestId(): string | undefined {
  return scope.getStore()?.requestId;
}

// What a caller may hand us as an id: short and plain, so it cannot smuggle text into log lines.
const WELL_FORMED = /^[A-Za-z0-9._-]{8,64}$/;

/** The caller's id when it is well formed (the gateway calling a subgraph), else a fresh one. */
export function acceptOrAssignRequestId(presented: string | string[] | undefined): string {
  const value = Array.isArray(presented) ? presented[0] : presented;
  return value && WELL_FORMED.test(value) ? value : randomUUID();
}
