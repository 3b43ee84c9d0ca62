// The broker transport (NATS_URL set): a relay per domain publishes its outbox to a JetStream
// stream of its own, with the event id as the message id so a re-publish within the stream's
// duplicate window is dropped by the server; each consumer reads every source through one durable
// consumer per name, shared by all replicas, and acks only after its transaction committed.
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { logEvent } from '../../../kit/observability/log.js';
import { deliver, type Consumer } from './consumer.js';
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

export const streamName = (prefix: string, domain: string) => `${prefix}SG_${domain.toUpperCase()}`;
export const subjectOf = (prefix: string, domain: string, type: string) => `${prefix}sg.${domain}.${type}`;
/** Durable names may not contain dots. */
export const durableName = (prefix: string, consumer: string) => `${prefix}${consumer.replace(/[^A-Za-z0-9_-]/g, '_')}`;

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
    try {
      await jsm.consumers.info(stream, durable);
    } catch {
      // One message in flight per durable: order per source holds across any number of replicas.
      await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, max_ack_pending: 1, ack_wait: nanos(ACK_WAIT_MS) });
    }
    const messages = await (await js.consumers.get(stream, durable)).consume({ max_messages: 1 });
    stops.push(() => void messages.stop());
    running.push(
      (async () => {
        for await (const message of messages) {
          try {
            await deliver(owner.db, consumer, message.json<CloudEvent>());
            await message.ackAck();
          } catch (error) {
            // The database is unreachable: the same message comes back, in order, a second later.
            logEvent('warn', 'event delivery paused', { consumer: consumer.name, source, errorClass: (error as Error)?.name });
            message.nak(1_000);
          }
        }
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
