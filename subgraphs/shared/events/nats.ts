// The broker transport (NATS_URL set): a relay per domain publishes its outbox to a JetStream
// stream of its own, with the event id as the message id so a re-publish within the stream's
// duplicate window is dropped by the server; each consumer reads every source through one durable
// consumer per name, shared by all replicas, applies what it fetched in runs of up to RUN events a
// transaction, and acks only after that transaction committed. Replicas fetch from one durable at
// once; the stream sequence each offset row keeps puts their runs back in order (consumer.ts).
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { logEvent } from '../../../kit/observability/log.js';
import { deliverRun, type Consumer, type Outcome } from './consumer.js';
import { onCommitted } from './commits.js';
import type { CloudEvent } from './envelope.js';
import { markPublished, readUnpublished, toCloudEvent } from './outbox.js';
import { serialised, type EventDomain, type Transport, type TransportOptions } from './transport.js';

export interface NatsOptions {
  url: string;
  /** Prepended to every stream, subject and durable name, so test files sharing a broker never meet. */
  prefix?: string;
}

const RELAY_BATCH = 200;
/** A message not acked within this is redelivered (its consumer's process died mid-way). */
const ACK_WAIT_MS = 10_000;
/** Events applied per consumer transaction when a backlog waits. */
const RUN = 100;
/** Messages a replica's client asks for at a time, for one durable. */
const BUFFER = 2 * RUN;
/** Messages of a durable fetched and not yet acked, across all its replicas. */
const MAX_ACK_PENDING = 4 * RUN;
/** A message held back behind another replica's (`later`) is tried again after this, and handed back after HOLD_MS. */
const RETRY_MS = 20;
const HOLD_MS = ACK_WAIT_MS / 2;

export const streamName = (prefix: string, domain: string) => `${prefix}SG_${domain.toUpperCase()}`;
export const subjectOf = (prefix: string, domain: string, type: string) => `${prefix}sg.${domain}.${type}`;
/** Durable names may not contain dots. */
export const durableName = (prefix: string, consumer: string) => `${prefix}${consumer.replace(/[^A-Za-z0-9_-]/g, '_')}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function natsTransport(options: NatsOptions): Transport {
  const prefix = options.prefix ?? '';
  let nc: NatsConnection | undefined;
  const stops: (() => void)[] = [];
  const running: Promise<void>[] = [];
  let stopped = false;

  async function ensureStream(jsm: JetStreamManager, domain: string): Promise<void> {
    const name = streamName(prefix, domain);
    try {
      await jsm.streams.info(name);
    } catch {
      await jsm.streams.add({ name, subjects: [subjectOf(prefix, domain, '>')], duplicate_window: nanos(2 * 60_000) });
    }
  }

  function relay(js: JetStreamClient, domain: EventDomain): () => Promise<void> {
    const { published, db } = domain;
    return serialised(async () => {
      if (stopped) return;
      try {
        for (;;) {
          const rows = await readUnpublished(db, published.tables.outbox, RELAY_BATCH);
          const done: number[] = [];
          for (const row of rows) {
            // In sequence order, each awaited: the stream keeps the outbox's order.
            const event = toCloudEvent(published.source, row);
            await js.publish(subjectOf(prefix, published.domain, row.type), JSON.stringify(event), { msgID: row.id });
            done.push(row.sequence);
          }
          await markPublished(db, published.tables.outbox, done);
          if (rows.length < RELAY_BATCH) return;
        }
      } catch (error) {
        logEvent('warn', 'event relay paused', { domain: published.domain, errorClass: (error as Error)?.name });
      }
    });
  }

  async function consume(js: JetStreamClient, jsm: JetStreamManager, owner: EventDomain, consumer: Consumer, source: string): Promise<void> {
    const stream = streamName(prefix, source);
    const durable = durableName(prefix, consumer.name);
    await ensureStream(jsm, source);
    const info = await jsm.consumers.info(stream, durable).catch(() => null);
    if (!info) {
      await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, max_ack_pending: MAX_ACK_PENDING, ack_wait: nanos(ACK_WAIT_MS) });
    } else if (info.config.max_ack_pending !== MAX_ACK_PENDING) {
      // A durable made when one message at a time was in flight.
      await jsm.consumers.update(stream, durable, { max_ack_pending: MAX_ACK_PENDING });
    }
    // Applied, for an offset row that holds no stream sequence in this stream (none yet, or one of a
    // stream since made again): what the durable acked, and what the stream no longer holds.
    const { created, state } = await jsm.streams.info(stream);
    const floor = Math.max(info?.ack_floor.stream_seq ?? 0, state.first_seq - 1);
    const position = { stream: `${stream}@${created}`, floor };
    const messages = await (await js.consumers.get(stream, durable)).consume({ max_messages: BUFFER });
    const waiting: JsMsg[] = [];
    const arrived = new WeakMap<JsMsg, number>();
    // Delivers what has arrived, a run per transaction: one message when events trickle in, up to
    // RUN when a backlog waits (they arrive while the run before is being applied).
    const pump = serialised(async () => {
      while (waiting.length) {
        if (stopped) {
          for (const message of waiting.splice(0)) message.nak();
          return;
        }
        // Redeliveries come back out of order; in order, a run rarely has to wait for one.
        const run = waiting.sort((a, b) => a.seq - b.seq).splice(0, RUN);
        let outcomes: Outcome[];
        try {
          outcomes = await deliverRun(owner.db, consumer, run.map((m) => m.json<CloudEvent>()), { ...position, sequences: run.map((m) => m.seq) });
        } catch (error) {
          // The database is unreachable: the same messages come back, in order, a second later.
          logEvent('warn', 'event delivery paused', { consumer: consumer.name, source, errorClass: (error as Error)?.name });
          for (const message of [...run, ...waiting.splice(0)]) message.nak(1_000);
          return;
        }
        const done = run.filter((_m, i) => outcomes[i] !== 'later');
        try {
          // Acks pipelined, the last awaited: once it is confirmed, the server has all before it.
          for (const message of done.slice(0, -1)) message.ack();
          await done.at(-1)?.ackAck();
        } catch (error) {
          // Applied all the same: what the broker did not hear of comes back, and is a duplicate.
          logEvent('warn', 'event ack failed', { consumer: consumer.name, source, errorClass: (error as Error)?.name });
        }
        // Held back behind messages another replica fetched: kept to try again once it committed
        // (the offset row's lock makes the next try wait for that commit), unless held so long that
        // the replica may be gone, when the broker gets them back to hand out again.
        const now = Date.now();
        const later = run.filter((_m, i) => outcomes[i] === 'later');
        for (const message of later.filter((m) => now - arrived.get(m)! > HOLD_MS)) message.nak();
        waiting.push(...later.filter((m) => now - arrived.get(m)! <= HOLD_MS));
        if (later.length && !done.length) await sleep(RETRY_MS);
      }
    });
    stops.push(() => void messages.stop());
    running.push(
      (async () => {
        for await (const message of messages) {
          arrived.set(message, Date.now());
          waiting.push(message);
          void pump();
        }
        await pump();
      })(),
    );
  }

  return {
    async start({ domains, pollMs }: TransportOptions) {
      nc = await connect({ servers: options.url, name: 'supervision-gateway', maxReconnectAttempts: -1, reconnectTimeWait: 500 });
      const jsm = await jetstreamManager(nc);
      const js = jetstream(nc);
      const relays = new Map<string, () => Promise<void>>();
      for (const domain of domains) {
        await ensureStream(jsm, domain.published.domain);
        relays.set(domain.published.domain, relay(js, domain));
      }
      // Not awaited by the commit: a mutation's latency must not depend on the broker.
      stops.push(onCommitted((domain) => void relays.get(domain)?.()));
      const timer = setInterval(() => void Promise.all([...relays.values()].map((pump) => pump())), pollMs);
      timer.unref();
      stops.push(() => clearInterval(timer));
      await Promise.all([...relays.values()].map((pump) => pump()));
      for (const owner of domains) {
        for (const consumer of owner.consumers) {
          for (const source of consumer.sources) await consume(js, jsm, owner, consumer, source);
        }
      }
    },
    async stop() {
      stopped = true;
      for (const stop of stops.splice(0)) stop();
      await Promise.allSettled(running);
      await nc?.drain().catch(() => {});
    },
  };
}
