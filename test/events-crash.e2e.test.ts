// A process consuming domain events killed with SIGKILL part-way through a backlog, then started
// again: a real child process (test/support/events-process.ts) on this file's database, through
// each transport. Each consumer records its offset in the transaction of its change, so the one
// being applied at the kill rolls back with its offset and is applied by the next process: nothing
// lost, nothing applied twice, every copy equal to its source at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendLegalBacklog } from '../scripts/lib/bench/events/backlog.js';
import { servePglite, type PgliteServer } from '../kit/database/pglite-server.js';
import { streamName } from '../subgraphs/shared/events/nats.js';
import { replicaDifferences } from './support/replicas.js';
import { startTestStack, type TestStack } from './support/stack.js';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const prefix = `tcrash${randomBytes(3).toString('hex')}_`;
const COPIES = ['enrollment', 'docket', 'checkin'] as const;
/** Events in the backlog (legal's filings and withdrawals, in order: a filing applied twice, after its withdrawal, would show). */
const BACKLOG = 400;

let stack: TestStack;
let pgliteServer: PgliteServer | undefined;
let databaseUrl: string;

beforeAll(async () => {
  // No events in this process: the child is the only one relaying and consuming.
  stack = await startTestStack({ enrollees: 40, system: { events: false } });
  if (stack.database.driver.kind === 'pglite') {
    pgliteServer = await servePglite(stack.database.driver.client);
    databaseUrl = `postgres://postgres@127.0.0.1:${pgliteServer.port}/postgres`;
  } else {
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${stack.database.name}`;
    databaseUrl = url.toString();
  }
});
afterAll(async () => {
  await pgliteServer?.stop();
  await stack?.close();
  const nc = await connect({ servers: NATS_URL }).catch(() => undefined);
  if (nc) {
    const jsm = await jetstreamManager(nc);
    for (const domain of ['enrollment', 'checkin', 'docket', 'legal']) await jsm.streams.delete(streamName(prefix, domain)).catch(() => {});
    await nc.close();
  }
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function within(ms: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await sleep(20);
  }
  return Date.now() - started;
}

/** How far each copy of the partner clients has got in legal's events. */
async function offsets(): Promise<number[]> {
  return Promise.all(
    COPIES.map(async (d) => Number((await stack.sql<{ n: string }>(`select coalesce(max(sequence), 0) as n from ${d}.consumer_offsets where consumer = '${d}.partner_clients' and source = 'legal'`))[0]!.n)),
  );
}

function startEventsProcess(transport: 'in-process' | 'nats'): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/events-process.ts'], {
    env: { ...process.env, EVENTS_DATABASE_URL: databaseUrl, NATS_URL: transport === 'nats' ? NATS_URL : '', EVENTS_PREFIX: prefix, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, output: () => output };
}

const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve)));

// NATS first: the in-process run after it reads the outbox from each consumer's offset, whereas a
// relay publishes every row not yet published.
describe.each(['nats', 'in-process'] as const)('an events process killed mid-batch (%s)', (transport) => {
  it('loses nothing and applies nothing twice once it is started again', { timeout: 240_000 }, async () => {
    const start = Math.min(...(await offsets()));
    const last = await appendLegalBacklog((query) => stack.sql(query), BACKLOG);
    const first = startEventsProcess(transport);
    try {
      await within(120_000, async () => Math.max(...(await offsets())) >= start + 20);
    } catch (error) {
      throw new Error(`${(error as Error).message}; the events process said:\n${first.output()}`);
    }
    first.child.kill('SIGKILL');
    await exited(first.child);
    const atKill = await offsets();
    console.info(`${transport}: killed at offsets ${atKill.join(', ')} of ${last}`);
    // It died part-way, with work left for the next process.
    expect(atKill.some((o) => o < last)).toBe(true);
    await sleep(300);
    expect(await offsets()).toEqual(atKill);

    const second = startEventsProcess(transport);
    try {
      const took = await within(180_000, async () => (await offsets()).every((o) => o === last));
      console.info(`${transport}: the restarted process finished the backlog in ${took} ms`);
    } catch (error) {
      throw new Error(`${(error as Error).message} (offsets ${(await offsets()).join(', ')} of ${last}); the events process said:\n${second.output()}`);
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
    for (const d of COPIES) expect(await stack.sql(`select 1 from ${d}.dead_letters`), d).toEqual([]);
    if (transport === 'nats') {
      // Rows the killed relay had published but not yet marked were published again, and dropped by the broker as duplicates.
      const nc = await connect({ servers: NATS_URL });
      try {
        const rows = Number((await stack.sql<{ n: string }>(`select count(*) as n from legal.outbox`))[0]!.n);
        expect((await (await jetstreamManager(nc)).streams.info(streamName(prefix, 'legal'))).state.messages).toBe(rows);
        expect(await stack.sql(`select 1 from legal.outbox where published_at is null`)).toEqual([]);
      } finally {
        await nc.close();
      }
    }
    expect(await replicaDifferences(stack)).toEqual([]);
  });
});
