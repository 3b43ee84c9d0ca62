// The embedded transport (no NATS_URL: one process, one database): consumers are fed straight from
// the source domain's outbox, read by sequence through that domain's own handle, right after each
// commit this process makes, and on a short interval as a fallback.
import { logEvent } from '../../../kit/observability/log.js';
import { deliverRun, type Consumer } from './consumer.js';
import { onCommitted } from './commits.js';
import { readOutbox, toCloudEvent } from './outbox.js';
import { serialised, type EventDomain, type Transport, type TransportOptions } from './transport.js';
import { eq, and } from 'drizzle-orm';

const BATCH = 500;
/** Events applied per consumer transaction when a backlog waits. */
const RUN = 100;

interface Feed {
  source: string;
  pump: () => Promise<void>;
  /** Resolves once the feed has delivered every event up to `sequence` (or the transport stopped). */
  reached: (sequence: number) => Promise<void>;
  /** Releases whoever waits on `reached` (at stop). */
  release: () => void;
}

export function inProcessTransport(): Transport {
  const feeds: Feed[] = [];
  const stops: (() => void)[] = [];
  let stopped = false;

  function feed(owner: EventDomain, consumer: Consumer, source: EventDomain): Feed {
    let cursor: number | null = null;
    const waiting = new Set<{ sequence: number; resolve: () => void }>();
    const advance = (sequence: number) => {
      cursor = sequence;
      for (const waiter of waiting) {
        if (waiter.sequence > sequence) continue;
        waiting.delete(waiter);
        waiter.resolve();
      }
    };
    const pump = serialised(async () => {
      if (stopped) return;
      try {
        cursor ??= await offsetOf(owner, consumer, source.published.domain);
        for (;;) {
          const rows = await readOutbox(source.db, source.published.tables.outbox, cursor, BATCH);
          // A backlog goes in runs, a transaction each (consumer.ts); under a steady load a run is
          // the one or two events just committed.
          for (let i = 0; i < rows.length; i += RUN) {
            if (stopped) return;
            const run = rows.slice(i, i + RUN);
            await deliverRun(owner.db, consumer, run.map((row) => toCloudEvent(source.published.source, row)));
            advance(run.at(-1)!.sequence);
          }
          if (rows.length < BATCH) return;
        }
      } catch (error) {
        // The database is unreachable (deliver parks everything else): try again on the next tick.
        cursor = null;
        logEvent('warn', 'event delivery paused', { consumer: consumer.name, source: source.published.domain, errorClass: (error as Error)?.name });
      }
    });
    return {
      source: source.published.domain,
      pump,
      reached: (sequence) => (cursor !== null && cursor >= sequence ? Promise.resolve() : new Promise((resolve) => waiting.add({ sequence, resolve }))),
      release: () => {
        for (const waiter of waiting) waiter.resolve();
        waiting.clear();
      },
    };
  }

  return {
    async start({ domains, sources = [], pollMs }: TransportOptions) {
      const byName = new Map([...sources, ...domains].map((d) => [d.published.domain, d]));
      for (const owner of domains) {
        for (const consumer of owner.consumers) {
          for (const sourceName of consumer.sources) {
            const source = byName.get(sourceName);
            if (!source) throw new Error(`events: ${consumer.name} reads ${sourceName}, which this process does not run; set NATS_URL`);
            feeds.push(feed(owner, consumer, source));
          }
        }
      }
      // The commit waits (briefly) until these feeds have delivered its own events: a mutation returns
      // with the copies here current. Only its own: under a steady load a pump is never idle, and a
      // commit that waited for the pump to finish would wait out the whole cap every time.
      stops.push(
        onCommitted((domain, sequences) => {
          const last = Math.max(0, ...sequences);
          return Promise.all(
            feeds
              .filter((f) => f.source === domain)
              .map((f) => {
                const pumped = f.pump();
                return last ? f.reached(last) : pumped;
              }),
          );
        }),
      );
      const timer = setInterval(() => void Promise.all(feeds.map((f) => f.pump())), pollMs);
      timer.unref();
      stops.push(() => clearInterval(timer));
      // Catch up on what was committed while no process was consuming.
      await Promise.all(feeds.map((f) => f.pump()));
    },
    async stop() {
      stopped = true;
      for (const stop of stops.splice(0)) stop();
      await Promise.all(feeds.map((f) => f.pump()));
      for (const f of feeds) f.release();
    },
  };
}

/** Where the consumer got to in this source, from its owner's offsets table (0: nothing yet). */
async function offsetOf(owner: EventDomain, consumer: Consumer, source: string): Promise<number> {
  const offsets = consumer.ownerTables.consumerOffsets;
  const [row] = await owner.db
    .select({ sequence: offsets.sequence })
    .from(offsets)
    .where(and(eq(offsets.consumer, consumer.name), eq(offsets.source, source)));
  return row?.sequence ?? 0;
}
