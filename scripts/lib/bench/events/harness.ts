// The system bench:events measures: a scratch database, seeded; the four subgraphs and the gateway
// in this process; the domain events on one transport, with every consumer wrapped so the moment it
// applies an event can be set against the moment the source's transaction committed (the kit tells
// onCommitted listeners the sequences each commit appended).
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createKey } from '../../../../gateway/auth/api-keys.js';
import { DEFAULT_SCOPES } from '../../../../gateway/auth/scopes.js';
import { allSubgraphs } from '../../../../subgraphs/shared/all-subgraphs.js';
import { queryRows, subgraphDb, type Driver } from '../../../../kit/database/db.js';
import { onCommitted } from '../../../../subgraphs/shared/events/commits.js';
import type { Consumer } from '../../../../subgraphs/shared/events/consumer.js';
import { eventDomain } from '../../../../subgraphs/shared/events/domains.js';
import { domainOf, sequenceOf } from '../../../../subgraphs/shared/events/envelope.js';
import { streamName } from '../../../../subgraphs/shared/events/nats.js';
import { startEvents, type EventRuntime } from '../../../../subgraphs/shared/events/runtime.js';
import { createScratchDatabase } from '../../scratch-database.js';
import { seed } from '../../seed/index.js';
import { startSystem, type RunningSystem } from '../../system.js';
import type { Send } from '../event-load.js';

export type TransportName = 'in-process' | 'nats';

/** Commit → applied, per consumer, for the events committed while `recording`. */
export class LagProbe {
  recording = false;
  private commits = new Map<string, Map<number, number>>();
  readonly lags = new Map<string, number[]>();
  /** The same samples by consumer and event type (`worklist.people CheckInRecorded`): how fresh one kind of change keeps a read model. */
  readonly lagsByType = new Map<string, number[]>();
  private sources = new Map<string, readonly string[]>();

  /** Events committed while recording, per source domain. */
  committedCount(): Map<string, number> {
    return new Map([...this.commits].map(([domain, bySequence]) => [domain, bySequence.size]));
  }

  /** The domains a consumer reads. */
  sourcesOf(consumer: string): readonly string[] {
    return this.sources.get(consumer) ?? [];
  }

  committed(domain: string, sequences: readonly number[]): void {
    if (!this.recording) return;
    const at = performance.now();
    let bySequence = this.commits.get(domain);
    if (!bySequence) this.commits.set(domain, (bySequence = new Map()));
    for (const sequence of sequences) bySequence.set(sequence, at);
  }

  /** The consumer, timing each event it applies: once the transaction that applied it committed. */
  wrap(consumer: Consumer): Consumer {
    this.sources.set(consumer.name, consumer.sources);
    return {
      ...consumer,
      committed: (events) => {
        consumer.committed?.(events);
        const at = performance.now();
        for (const event of events) {
          const committedAt = this.commits.get(domainOf(event))?.get(sequenceOf(event));
          if (committedAt === undefined) continue;
          let samples = this.lags.get(consumer.name);
          if (!samples) this.lags.set(consumer.name, (samples = []));
          samples.push(at - committedAt);
          const key = `${consumer.name} ${event.type}`;
          let byType = this.lagsByType.get(key);
          if (!byType) this.lagsByType.set(key, (byType = []));
          byType.push(at - committedAt);
        }
      },
    };
  }

  reset(): void {
    this.commits.clear();
    this.lags.clear();
    this.lagsByType.clear();
  }
}

export interface BenchSystem {
  transport: TransportName;
  driver: Driver;
  system: RunningSystem;
  probe: LagProbe;
  /** A mutation through the gateway with a staff key. */
  send: Send;
  sql: <R>(query: string) => Promise<R[]>;
  /** Starts the transport's relays and consumers unless they run (in process: resolves once caught up). */
  startEvents(): Promise<void>;
  stopEvents(): Promise<void>;
  close(): Promise<void>;
}

export async function startBenchSystem(transport: TransportName, options: { enrollees: number; natsUrl: string }): Promise<BenchSystem> {
  const database = await createScratchDatabase(process.env.DATABASE_URL, 'sg_eventbench');
  await seed(database.driver, { enrollees: options.enrollees, seed: 7 });
  const { key } = await createKey(subgraphDb(database.driver), { name: 'bench:events', kind: 'staff', scopes: [...DEFAULT_SCOPES.staff] });
  const probe = new LagProbe();
  // Added before any transport's listener, so the commit is timed before anything is handed off.
  const stopListening = onCommitted((domain, sequences) => probe.committed(domain, sequences));
  // The system's own events off: the bench starts them, with its probes around every consumer.
  const system = await startSystem({ driver: database.driver, migrate: false, scheduledJobs: false, events: false });
  const domains = allSubgraphs.map((s) => eventDomain({ published: s.events.published, consumers: s.events.consumers.map((c) => probe.wrap(c)) }, subgraphDb(database.driver)));
  const prefix = `bench${randomBytes(3).toString('hex')}_`;
  let events: EventRuntime | undefined;
  const send: Send = async (query, variables) => {
    const response = await fetch(system.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Awaited<ReturnType<Send>>;
  };
  return {
    transport,
    driver: database.driver,
    system,
    probe,
    send,
    sql: (query) => queryRows(database.driver, query),
    async startEvents() {
      // Once: a second transport beside the first would deliver everything twice (and outlive close()).
      if (events) return;
      events = await startEvents({ domains, natsUrl: transport === 'nats' ? options.natsUrl : undefined, prefix, pollMs: 500 });
    },
    async stopEvents() {
      await events?.stop();
      events = undefined;
    },
    async close() {
      await events?.stop();
      await system.stop();
      stopListening();
      await database.drop();
      if (transport === 'nats') {
        const nc = await connect({ servers: options.natsUrl });
        const jsm = await jetstreamManager(nc);
        for (const s of allSubgraphs) await jsm.streams.delete(streamName(prefix, s.name)).catch(() => {});
        await nc.close();
      }
    },
  };
}
