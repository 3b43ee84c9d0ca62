// The two ways events travel, behind one interface. Both hand each event to `deliver` (consumer.ts),
// the one consumer code path; they differ only in where events come from.
import type { DB } from '../../../kit/database/db.js';
import type { Consumer } from './consumer.js';
import type { PublishedEvents } from './registry.js';

/** A domain this process runs: what it publishes, its own database handle, and the copies it keeps. */
export interface EventDomain {
  published: PublishedEvents;
  db: DB;
  consumers: readonly Consumer[];
}

export interface TransportOptions {
  domains: readonly EventDomain[];
  /**
   * In-process only: domains whose outboxes this process may read for its consumers without
   * running them (a subgraph on its own process, all domains in one database). Ignored by NATS.
   */
  sources?: readonly EventDomain[];
  /** Fallback poll interval (ms) for commits this process did not see (another replica's). */
  pollMs: number;
}

export interface Transport {
  /** Resolves once every relay and consumer of `domains` is running. */
  start(options: TransportOptions): Promise<void>;
  /** Stops relaying and consuming; an event being applied finishes first. */
  stop(): Promise<void>;
}

/** Runs `work` one at a time: a call while it runs schedules exactly one more run after it. */
export function serialised(work: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await work();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  return run;
}
