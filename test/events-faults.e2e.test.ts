// Domain events through a NATS JetStream broker of this file's own (started on a free port with its
// own store, so it can be stopped without touching the shared one at 127.0.0.1:4222), under the
// faults a log must survive: the broker stopped, or killed, under a steady write load, the same event
// delivered twice, an event no consumer can apply. Each ends with every copy equal to its source.
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadWriteFixtures, startWriteLoad, FILE, WITHDRAW, type Send } from '../scripts/lib/bench/event-load.js';
import { legalEvents } from '../subgraphs/legal/events/published.js';
import { subgraphDb } from '../kit/database/db.js';
import { durableName, streamName, subjectOf } from '../subgraphs/shared/events/nats.js';
import { appendEvents } from '../subgraphs/shared/events/outbox.js';
import { configureLogging } from '../kit/observability/log.js';
import { inTransaction } from '../subgraphs/shared/transaction.js';
import { startPrivateNats, type PrivateNats } from './support/nats-server.js';
import { replicaDifferences } from './support/replicas.js';
import { startTestStack, type TestStack } from './support/stack.js';

const prefix = 'faults_';
/** Each copy and the source it reads (consumer name → source domain). */
const CONSUMERS = {
  'enrollment.partner_clients': 'legal',
  'docket.partner_clients': 'legal',
  'checkin.partner_clients': 'legal',
  'checkin.supervision_terms': 'enrollment',
  'legal.docket_cases': 'docket',
} as const;

let nats: PrivateNats;
let stack: TestStack;
let send: Send;
const lines: string[] = [];

beforeAll(async () => {
  nats = await startPrivateNats();
  configureLogging({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  stack = await startTestStack({ enrollees: 40, system: { events: { natsUrl: nats.url, prefix, pollMs: 250 } } });
  send = async (query, variables) => (await stack.gql(query, variables)).body;
});
afterAll(async () => {
  configureLogging({});
  await stack?.close();
  await nats?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const logged = (msg: string) => lines.map((line) => JSON.parse(line)).filter((line) => line.msg === msg);

async function within(ms: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await sleep(50);
  }
  return Date.now() - started;
}

const count = async (query: string) => Number((await stack.sql<{ n: string }>(query))[0]!.n);
const unpublished = () => count(`select (select count(*) from legal.outbox where published_at is null) + (select count(*) from enrollment.outbox where published_at is null) as n`);

/** Every consumer's offset has reached the last sequence of its source's outbox. */
async function caughtUp(): Promise<boolean> {
  for (const [consumer, source] of Object.entries(CONSUMERS)) {
    const owner = consumer.split('.')[0];
    const last = await count(`select coalesce(max(sequence), 0) as n from ${source}.outbox`);
    const reached = await count(`select coalesce(max(sequence), 0) as n from ${owner}.consumer_offsets where consumer = '${consumer}' and source = '${source}'`);
    if (reached !== last) return false;
  }
  return true;
}

/** Every durable of every copy has had each message of its stream delivered and acknowledged. */
async function durablesDrained(): Promise<boolean> {
  const nc = await connect({ servers: nats.url });
  try {
    const jsm = await jetstreamManager(nc);
    for (const [consumer, source] of Object.entries(CONSUMERS)) {
      const info = await jsm.consumers.info(streamName(prefix, source), durableName(prefix, consumer));
      if (info.num_pending !== 0 || info.num_ack_pending !== 0) return false;
    }
    return true;
  } finally {
    await nc.close();
  }
}

describe('freshness through the broker', () => {
  it('ends a partner\'s access in every domain within a second of withdrawRepresentation returning', async () => {
    const fixtures = await loadWriteFixtures(stack.database.driver, 1);
    const [{ org }] = (await stack.sql<{ org: string }>(`select organization_id as org from legal.representatives where id = '${fixtures.representativeId}'`)) as [{ org: string }];
    const partnerKey = await stack.createKey({ name: 'faults partner', kind: 'partner', organizationId: org });
    // Someone the organisation represents through none of its representatives.
    const [{ a: aNumber }] = (await stack.sql<{ a: string }>(
      `select e.a_number as a from enrollment.enrollees e where not exists (select 1 from legal.partner_clients c where c.a_number = e.a_number and c.organization_id = '${org}') order by e.id limit 1`,
    )) as [{ a: string }];
    const sees = async () => (await stack.gql(`query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { aNumber } }`, { a: aNumber }, partnerKey)).body.data?.enrolleeByANumber ?? null;
    const copies = () => Promise.all(['enrollment', 'docket', 'checkin'].map((d) => count(`select count(*) as n from ${d}.partner_clients where organization_id = '${org}' and a_number = '${aNumber}'`)));
    const filed = await send(FILE, { input: { aNumber, representativeId: fixtures.representativeId, form: 'G_28', scope: 'LIMITED', isPrimary: false } });
    expect(filed.errors).toBeUndefined();
    await within(5_000, async () => (await copies()).every((n) => n === 1) && (await sees()) !== null);
    expect((await send(WITHDRAW, { input: { representationId: filed.data.fileRepresentation.id, reason: 'Conflict' } })).errors).toBeUndefined();
    // Loosely (one sample; the benchmark measures p99): the broker's path is relay → stream → three durables.
    const lag = await within(1_000, async () => (await copies()).every((n) => n === 0) && (await sees()) === null);
    console.info(`through NATS, the partner lost access ${lag} ms after withdrawRepresentation returned`);
  });
});

/**
 * A steady write load while the broker goes away by `outage` and is started again on its store:
 * every write commits (into the outbox only while it is gone), and every copy catches up within
 * 30 s of its return. Returns, per domain, its outbox rows and the messages in its stream.
 */
async function writesThroughOutage(outage: () => Promise<void>): Promise<{ domain: string; rows: number; messages: number }[]> {
  const load = startWriteLoad(send, await loadWriteFixtures(stack.database.driver, 60), 20);
  await sleep(1_500);
  await outage();
  const sentBeforeOutage = load.sent;
  await sleep(3_000);
  // Mutations do not wait for the broker: they kept committing, into the outbox only.
  expect(load.sent - sentBeforeOutage).toBeGreaterThan(5);
  expect(await unpublished()).toBeGreaterThan(0);
  await nats.start();
  await sleep(2_000);
  const result = await load.stop();
  console.info(`writes: ${JSON.stringify(result.succeeded)}, slowest ${Math.round(Math.max(...Object.values(result.latencies).flat()))} ms`);
  expect(result.failed).toEqual({});
  for (const kind of ['file', 'withdraw', 'change'] as const) expect(result.succeeded[kind], kind).toBeGreaterThan(5);

  const caughtUpAfter = await within(30_000, async () => (await unpublished()) === 0 && (await caughtUp()) && (await durablesDrained()));
  console.info(`after the broker came back and the load stopped, every copy caught up in ${caughtUpAfter} ms`);
  const nc = await connect({ servers: nats.url });
  try {
    const jsm = await jetstreamManager(nc);
    return await Promise.all(
      ['legal', 'enrollment'].map(async (domain) => ({
        domain,
        rows: await count(`select count(*) as n from ${domain}.outbox`),
        messages: (await jsm.streams.info(streamName(prefix, domain))).state.messages,
      })),
    );
  } finally {
    await nc.close();
  }
}

/** Nothing parked in any domain, and every copy equal to its source. */
async function everyCopyEqual(): Promise<void> {
  expect(await count(`select (select count(*) from enrollment.dead_letters) + (select count(*) from docket.dead_letters) + (select count(*) from checkin.dead_letters) + (select count(*) from legal.dead_letters) as n`)).toBe(0);
  expect(await replicaDifferences(stack)).toEqual([]);
}

describe('the broker stopped under a steady write load', () => {
  it('keeps every write, relays each event once when it is back, and leaves every copy equal to its source', async () => {
    const streams = await writesThroughOutage(() => nats.stop());
    expect(logged('event relay paused').length).toBeGreaterThan(0);
    // Each outbox row is in its stream exactly once (re-publishes after the outage were deduplicated by event id).
    for (const { domain, rows, messages } of streams) expect(messages, domain).toBe(rows);
    await everyCopyEqual();
  });
});

describe('the broker killed (SIGKILL) under a steady write load', () => {
  it('keeps every write and, once it is back, leaves every copy equal to its source with nothing parked', async () => {
    // No flush and no goodbye: publishes and acknowledgements in flight at the kill are lost to the
    // relay and the consumers, which must find out by themselves and send or fetch them again.
    const streams = await writesThroughOutage(() => nats.kill());
    // Every outbox row reached its stream: at least once (a publish the broker stored just before the
    // kill, but never confirmed, is sent again; the consumers' offsets make a second copy a no-op).
    for (const { domain, rows, messages } of streams) {
      console.info(`${domain}: ${rows} outbox rows, ${messages} messages in the stream after the kill`);
      expect(messages, domain).toBeGreaterThanOrEqual(rows);
    }
    await everyCopyEqual();
  });
});

describe('the same event delivered twice', () => {
  it('is applied once: a filing delivered again after its withdrawal does not bring the client back', async () => {
    const fixtures = await loadWriteFixtures(stack.database.driver, 1);
    const filed = await send(FILE, { input: { aNumber: fixtures.people[0], representativeId: fixtures.representativeId, form: 'G_28', scope: 'LIMITED', isPrimary: false } });
    expect(filed.errors).toBeUndefined();
    const representationId = filed.data.fileRepresentation.id;
    expect((await send(WITHDRAW, { input: { representationId, reason: 'Twice' } })).errors).toBeUndefined();
    await within(10_000, async () => (await caughtUp()) && (await durablesDrained()));

    // The filing again on the stream under another message id, as a relay re-publishing it after
    // the duplicate window would: the broker cannot drop it, so each consumer receives it twice.
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await jetstreamManager(nc);
      const original = await jsm.streams.getMessage(streamName(prefix, 'legal'), { last_by_subj: subjectOf(prefix, 'legal', 'RepresentationFiled') });
      expect(original!.json<{ subject: string }>().subject).toBe(representationId);
      const again = await jetstream(nc).publish(subjectOf(prefix, 'legal', 'RepresentationFiled'), original!.data, { msgID: randomUUID() });
      expect(again.duplicate).toBe(false);
      await within(10_000, async () => {
        for (const consumer of ['enrollment.partner_clients', 'docket.partner_clients', 'checkin.partner_clients']) {
          const info = await jsm.consumers.info(streamName(prefix, 'legal'), durableName(prefix, consumer));
          if (info.delivered.stream_seq < again.seq || info.num_ack_pending !== 0) return false;
        }
        return true;
      });
    } finally {
      await nc.close();
    }
    for (const domain of ['enrollment', 'docket', 'checkin']) {
      expect(await stack.sql(`select 1 from ${domain}.partner_clients where representation_id = '${representationId}'`), domain).toEqual([]);
      expect(await count(`select count(*) as n from ${domain}.dead_letters`), domain).toBe(0);
    }
    expect(await replicaDifferences(stack)).toEqual([]);
  });
});

describe('a poison event', () => {
  it('is parked with its error in each copy\'s dead letters, the events after it are applied, and /readyz and the logs say so', async () => {
    const readyz = async (name: 'enrollment' | 'docket' | 'checkin'): Promise<any> => (await fetch(stack.subgraphs[name]!.url.replace('/graphql', '/readyz'))).json();
    expect((await readyz('docket')).events).toEqual({ transport: 'nats', deadLetters: {} });
    const fixtures = await loadWriteFixtures(stack.database.driver, 1);
    // Published by a faulty writer: an A-number no copy can hold (each keeps char(10)).
    const poisonId = randomUUID();
    const poison = { representationId: poisonId, aNumber: 'A0000007770000', organizationId: randomUUID(), representativeId: fixtures.representativeId, caseId: null, form: 'G_28', scope: 'LIMITED', isPrimary: false, filedAt: new Date().toISOString() } as const;
    await inTransaction(subgraphDb(stack.database.driver), (tx) => appendEvents(tx, legalEvents, [{ type: 'RepresentationFiled', subject: poisonId, data: poison }]));
    const [{ id: eventId }] = (await stack.sql<{ id: string }>(`select id from legal.outbox where subject = '${poisonId}'`)) as [{ id: string }];
    // A real filing right behind it.
    const filed = await send(FILE, { input: { aNumber: fixtures.people[0], representativeId: fixtures.representativeId, form: 'G_28', scope: 'LIMITED', isPrimary: false } });
    expect(filed.errors).toBeUndefined();
    const representationId = filed.data.fileRepresentation.id;
    // Every consumer of legal's events parks it, each in its own time: the copies and the read models.
    const PARKING = ['alerts.partner_clients', 'checkin.partner_clients', 'docket.partner_clients', 'enrollment.partner_clients', 'outcomes.facts', 'worklist.partner_clients', 'worklist.people'];
    const parkedBy = () => logged('event dead-lettered').filter((line) => line.eventId === eventId).map((line) => line.consumer as string).sort();
    await within(10_000, async () => (await count(`select count(*) as n from checkin.partner_clients where representation_id = '${representationId}'`)) === 1 && (await caughtUp()) && parkedBy().length >= PARKING.length);

    for (const domain of ['enrollment', 'docket', 'checkin'] as const) {
      const parked = await stack.sql<{ consumer: string; type: string; source: string; error: string; event_id: string }>(`select consumer, type, source, error, event_id from ${domain}.dead_letters`);
      expect(parked).toEqual([expect.objectContaining({ consumer: `${domain}.partner_clients`, type: 'RepresentationFiled', source: 'legal', event_id: eventId })]);
      expect(parked[0]!.error).toMatch(/\w+: .+/);
      expect(parked[0]!.error).not.toContain('A0000007770000');
      expect(await count(`select count(*) as n from ${domain}.partner_clients where representation_id = '${representationId}'`)).toBe(1);
      const report = await readyz(domain);
      expect(report.status).toBe('ready');
      expect(report.events).toMatchObject({ transport: 'nats', deadLetters: { [`${domain}.partner_clients`]: 1 } });
      expect(report.events.attention).toContain(`${domain}.dead_letters`);
    }
    const deadLettered = logged('event dead-lettered').filter((line) => line.eventId === eventId);
    expect(parkedBy()).toEqual(PARKING);
    expect(deadLettered[0]).toMatchObject({ level: 'error', source: 'legal', eventType: 'RepresentationFiled' });
    expect(lines.join('\n')).not.toContain('A0000007770000');
    // The poison has no row behind it in legal: the copies, without it, equal their sources.
    expect(await replicaDifferences(stack)).toEqual([]);
  });
});
