// The API-key cache across replicas: two gateways side by side over the same subgraphs and the same
// database, each with its key cache warm. A key revoked the way `npm run keys -- revoke` does it
// is refused by either gateway as soon as its notification arrives (milliseconds: Postgres sends it
// after the revoking commit returns, so "the very next request" cannot be promised) and never accepted
// again, while other keys stay cached. And a cache that
// cannot hear revocations (its LISTEN connection gone) is not used until it can again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeKey } from '../gateway/auth/api-keys.js';
import { startGateway } from '../scripts/lib/system.js';
import { subgraphDb, type StatementCounter } from '../kit/database/db.js';
import { generateHopKeys } from '../kit/identity/hop-token.js';
import type { RunningServer } from '../kit/http/http-server.js';
import { startTestStack, type TestStack } from './support/stack.js';

let stack: TestStack;
let replica: RunningServer;
const replicaStatements: StatementCounter = { count: 0 };
let gateways: { name: string; url: string; statements: StatementCounter }[];

async function status(url: string, key: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: '{ __typename }' }) });
  await response.text();
  return response.status;
}

/** Statements the gateway sent while `work` ran (its only statements are API-key reads and last-use writes). */
async function statementsDuring(counter: StatementCounter, work: () => Promise<unknown>): Promise<number> {
  const before = counter.count;
  await work();
  return counter.count - before;
}

const keyId = (key: string) => /^sgk_([0-9a-f]{16})_/.exec(key)![1]!;
const waitFor = async (condition: () => Promise<boolean>, what: string) => {
  for (let tries = 0; tries < 100; tries++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** How long, and how many requests accepted, until `key` is refused (401) by the gateway at `url`; fails after 2 s. */
async function untilRefused(url: string, key: string): Promise<{ ms: number; accepted: number }> {
  const started = Date.now();
  let accepted = 0;
  while (Date.now() - started < 2000) {
    const code = await status(url, key);
    if (code === 401) return { ms: Date.now() - started, accepted };
    expect(code).toBe(200);
    accepted++;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} still accepted a revoked key 2 s after its revocation`);
}

beforeAll(async () => {
  const hopKeys = await generateHopKeys();
  stack = await startTestStack({ enrollees: 10, system: { hopKeys } });
  const subgraphUrls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, server]) => [name, server.url]));
  replica = await startGateway({ driver: stack.database.driver, hopKeys, subgraphUrls, statements: replicaStatements });
  gateways = [
    { name: 'gateway A', url: stack.gatewayUrl, statements: stack.statements.gateway! },
    { name: 'gateway B', url: replica.url, statements: replicaStatements },
  ];
});
afterAll(async () => {
  await replica?.stop();
  await stack?.close();
});

describe('the API-key cache, with two gateway replicas on one database', () => {
  it('answers a known key from memory after its first use', async () => {
    const key = await stack.createKey({ name: 'warm', kind: 'staff' });
    for (const gateway of gateways) {
      expect(await status(gateway.url, key), gateway.name).toBe(200);
      // Last use was recorded by the first request; the next ones read nothing.
      expect(await statementsDuring(gateway.statements, async () => expect(await status(gateway.url, key)).toBe(200)), gateway.name).toBe(0);
    }
  });

  it('refuses a revoked key on every replica within milliseconds, never accepts it again, and keeps the others cached', async () => {
    const revoked = await stack.createKey({ name: 'to be revoked', kind: 'staff' });
    const kept = await stack.createKey({ name: 'kept', kind: 'staff' });
    for (const gateway of gateways) {
      for (const key of [revoked, kept]) expect(await status(gateway.url, key)).toBe(200);
      expect(await statementsDuring(gateway.statements, () => status(gateway.url, revoked)), `${gateway.name} warm`).toBe(0);
    }
    // As the keys CLI revokes: through the keys module, on its own database handle.
    expect(await revokeKey(subgraphDb(stack.database.driver), keyId(revoked))).toBe(true);
    for (const gateway of gateways) {
      const { ms, accepted } = await untilRefused(gateway.url, revoked);
      console.log(`api-key-cache: ${gateway.name} refused the revoked key ${ms} ms after the revocation committed (${accepted} accepted before)`);
      expect(ms, `${gateway.name}: refused within a second`).toBeLessThan(1000);
      for (let again = 0; again < 5; again++) expect(await status(gateway.url, revoked), `${gateway.name}, once refused`).toBe(401);
    }
    for (const gateway of gateways) {
      expect(await statementsDuring(gateway.statements, async () => expect(await status(gateway.url, kept)).toBe(200)), `${gateway.name} still caches the other key`).toBe(0);
    }
  });

  // Postgres only: on PGlite the database lives in this process and its listener cannot drop (the
  // cache's own behaviour when it stops hearing is covered in gateway/auth/key-cache.test.ts).
  it('reads the database for every request while its LISTEN connection is down, and caches again once it is back', async () => {
    const key = await stack.createKey({ name: 'listener outage', kind: 'staff' });
    const [gateway] = gateways;
    expect(await status(gateway!.url, key)).toBe(200);
    expect(await statementsDuring(gateway!.statements, () => status(gateway!.url, key))).toBe(0);
    if (!process.env.DATABASE_URL) return;
    // The listening connections are cut from the server side.
    const cut = await stack.sql<{ pid: number }>(`select pid from pg_stat_activity where application_name like 'supervision-gateway-listen-%' and datname = current_database()`);
    expect(cut.length).toBeGreaterThanOrEqual(2);
    await stack.sql(`select pg_terminate_backend(pid) from pg_stat_activity where application_name like 'supervision-gateway-listen-%' and datname = current_database()`);
    await waitFor(async () => (await statementsDuring(gateway!.statements, () => status(gateway!.url, key))) > 0, 'the cache to stop answering');
    // Revoked while nothing listens: still refused.
    expect(await revokeKey(subgraphDb(stack.database.driver), keyId(key))).toBe(true);
    expect(await status(gateway!.url, key)).toBe(401);
    // Back: another key is cached again after its first use.
    const other = await stack.createKey({ name: 'after the outage', kind: 'staff' });
    await waitFor(async () => {
      await status(gateway!.url, other);
      return (await statementsDuring(gateway!.statements, () => status(gateway!.url, other))) === 0;
    }, 'the listener to come back');
  });
});
