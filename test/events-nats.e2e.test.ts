// Domain events through NATS JetStream (the broker at NATS_URL, default the local one): a write
// goes outbox -> relay -> the domain's stream -> each consumer's durable -> its copy, with streams
// and durables under a prefix of this file's own so parallel files sharing the broker never meet.
import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appendLegalBacklog, partnerCopiesOffset } from '../scripts/lib/bench/events/backlog.js';
import { durableName, streamName, subjectOf } from '../subgraphs/shared/events/nats.js';
import { replicaDifferences } from './support/replicas.js';
import { startTestStack, type TestStack } from './support/stack.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const prefix = `tnats${randomBytes(3).toString('hex')}_`;

let stack: TestStack;
let nc: NatsConnection;
let partnerOrg: string;
let representativeId: string;
let partnerKey: string;

beforeAll(async () => {
  nc = await connect({ servers: NATS_URL });
  stack = await startTestStack({ enrollees: 30, system: { events: { natsUrl: NATS_URL, prefix } } });
  const [org] = await stack.sql<{ org: string; rep: string }>(
    `select o.id as org, r.id as rep from legal.organizations o join legal.representatives r on r.organization_id = o.id order by o.id, r.id limit 1`,
  );
  partnerOrg = org!.org;
  representativeId = org!.rep;
  partnerKey = await stack.createKey({ name: 'nats partner', kind: 'partner', organizationId: partnerOrg });
});
afterAll(async () => {
  await stack?.close();
  if (nc) {
    const jsm = await jetstreamManager(nc);
    for (const domain of ['enrollment', 'checkin', 'docket', 'legal']) await jsm.streams.delete(streamName(prefix, domain)).catch(() => {});
    await nc.close();
  }
});

async function within(ms: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - started;
}

it('carries a withdrawal from legal\'s outbox through its stream and every durable to every copy', async () => {
  expect(stack.events?.transport).toBe('nats');
  const [person] = await stack.sql<{ a: string }>(`
    select e.a_number as a from enrollment.enrollees e
    where not exists (select 1 from enrollment.partner_clients c where c.a_number = e.a_number and c.organization_id = '${partnerOrg}')
    order by e.id limit 1`);
  const sees = async () => (await stack.gql(`query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { aNumber } }`, { a: person!.a }, partnerKey)).body.data?.enrolleeByANumber ?? null;
  const copies = async () =>
    Promise.all((['enrollment', 'docket', 'checkin'] as const).map(async (d) => (await stack.sql(`select 1 from ${d}.partner_clients where organization_id = '${partnerOrg}' and a_number = '${person!.a}'`)).length));

  expect(await sees()).toBeNull();
  const filed = await stack.gql(`mutation($input: FileRepresentationInput!) { fileRepresentation(input: $input) { id } }`, {
    input: { aNumber: person!.a, representativeId, form: 'G_28', scope: 'ALL_PROCEEDINGS' },
  });
  expect(filed.body.errors).toBeUndefined();
  await within(2_000, async () => (await copies()).every((n) => n === 1) && (await sees()) !== null);

  const withdrawn = await stack.gql(`mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id } }`, {
    input: { representationId: filed.body.data.fileRepresentation.id, reason: 'Conflict' },
  });
  expect(withdrawn.body.errors).toBeUndefined();
  const lag = await within(2_000, async () => (await copies()).every((n) => n === 0) && (await sees()) === null);
  console.info(`withdrawal reached every copy through NATS after ${lag} ms`);

  // The relay marked both rows published, and they are in legal's stream under their types.
  const rows = await stack.sql<{ id: string; type: string; published: boolean }>(`select id, type, published_at is not null as published from legal.outbox order by sequence`);
  expect(rows.map((r) => [r.type, r.published])).toEqual([
    ['RepresentationFiled', true],
    ['RepresentationWithdrawn', true],
  ]);
  const jsm = await jetstreamManager(nc);
  const stream = await jsm.streams.info(streamName(prefix, 'legal'));
  expect(stream.state.messages).toBe(2);
  const last = await jsm.streams.getMessage(streamName(prefix, 'legal'), { last_by_subj: subjectOf(prefix, 'legal', 'RepresentationWithdrawn') });
  expect(last!.json<{ id: string; source: string; specversion: string }>()).toMatchObject({ id: rows[1]!.id, source: '/supervision/legal', specversion: '1.0' });

  // A re-publish of the same event (a relay that crashed before marking the row) is dropped by the server.
  const again = await jetstream(nc).publish(subjectOf(prefix, 'legal', 'RepresentationWithdrawn'), last!.data, { msgID: rows[1]!.id });
  expect(again.duplicate).toBe(true);
  expect((await jsm.streams.info(streamName(prefix, 'legal'))).state.messages).toBe(2);

  // One durable per consumer name, shared by any number of replicas, with nothing left to deliver.
  for (const consumer of ['enrollment.partner_clients', 'docket.partner_clients', 'checkin.partner_clients']) {
    await within(2_000, async () => {
      const info = await jsm.consumers.info(streamName(prefix, 'legal'), durableName(prefix, consumer));
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
  }
});

it('applies nothing twice when a second process consumes through the same durables', async () => {
  // A second system on the same database and broker: another replica of every subgraph.
  const { startSystem } = await import('../scripts/lib/system.js');
  const replica = await startSystem({ databases: stack.database.databases, migrate: false, events: { natsUrl: NATS_URL, prefix } });
  try {
    const [person] = await stack.sql<{ a: string }>(`select a_number as a from enrollment.enrollees order by id desc limit 1`);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const filed = await stack.gql(`mutation($input: FileRepresentationInput!) { fileRepresentation(input: $input) { id } }`, {
        input: { aNumber: person!.a, representativeId, form: 'G_28', scope: 'LIMITED' },
      });
      expect(filed.body.errors).toBeUndefined();
      ids.push(filed.body.data.fileRepresentation.id);
      const withdrawn = await stack.gql(`mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id } }`, {
        input: { representationId: ids.at(-1), reason: 'Next' },
      });
      expect(withdrawn.body.errors).toBeUndefined();
    }
    const [{ n }] = (await stack.sql<{ n: string }>(`select max(sequence) as n from legal.outbox`)) as [{ n: string }];
    await within(3_000, async () => {
      const offsets = await stack.sql<{ sequence: string }>(`select sequence from docket.consumer_offsets where consumer = 'docket.partner_clients' and source = 'legal'`);
      return Number(offsets[0]?.sequence) === Number(n);
    });
    expect(await stack.sql(`select 1 from docket.partner_clients where representation_id in (${ids.map((id) => `'${id}'`).join(', ')})`)).toEqual([]);
    expect(await stack.sql(`select 1 from docket.dead_letters`)).toEqual([]);
  } finally {
    await replica.stop();
  }
});

it('drains a backlog in runs through two processes on the same durables, each event once and in order', async () => {
  // Filings each followed by their withdrawal: a withdrawal applied before its filing, or one
  // skipped, leaves a client in a copy whom legal no longer has.
  const { startSystem } = await import('../scripts/lib/system.js');
  const replica = await startSystem({ databases: stack.database.databases, migrate: false, events: { natsUrl: NATS_URL, prefix } });
  try {
    // Fewer on PGlite: its one backend runs on this process's thread, so the relay publishes only
    // between the consumers' transactions (about 35 events/s), and the runs there are of one event.
    const onPglite = Boolean(stack.database.databases.shared) && stack.database.driver.kind === 'pglite';
    const last = await appendLegalBacklog(stack.sql, onPglite ? 300 : 1_200);
    await within(50_000, async () => (await partnerCopiesOffset(stack.sql)) >= last);
    expect(await replicaDifferences(stack)).toEqual([]);
    for (const owner of ['docket', 'enrollment', 'checkin']) expect(await stack.sql(`select 1 from ${owner}.dead_letters`)).toEqual([]);
    const jsm = await jetstreamManager(nc);
    const { state } = await jsm.streams.info(streamName(prefix, 'legal'));
    const held = await stack.sql<{ n: string }>(`select stream_sequence as n from docket.consumer_offsets where consumer = 'docket.partner_clients' and source = 'legal'`);
    expect(Number(held[0]!.n)).toBe(state.last_seq);
  } finally {
    await replica.stop();
  }
});
