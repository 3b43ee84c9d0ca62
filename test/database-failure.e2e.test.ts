// Postgres unreachable, over HTTP through the real gateway. The stack talks to the local Postgres
// server (always, whatever DATABASE_URL says) through TCP proxies the test cuts and restores: one
// for the gateway's API-key lookups, one for the subgraphs. Requests fail fast with
// SERVICE_UNAVAILABLE, nothing hangs, service resumes by itself, and a mutation cut mid-flight
// leaves its row and its audit event together or neither.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../gateway/auth/api-keys.js';
import { DEFAULT_SCOPES } from '../gateway/auth/scopes.js';
import { seed } from '../scripts/lib/seed/index.js';
import { createScratchDatabase, type ScratchDatabase } from '../scripts/lib/scratch-database.js';
import { startSystem, type RunningSystem } from '../scripts/lib/system.js';
import { closeDriver, openDriver, queryRows, subgraphDb, type Driver } from '../kit/database/db.js';
import { textWithoutRequestIds } from './support/error-text.js';
import type { GraphQLResponse } from './support/stack.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const POSTGRES = { host: '127.0.0.1', port: 5432 };
/** Short, so the "accepts but never answers" case is quick; the production default is 3000 ms. */
const CONNECT_TIMEOUT_MS = 1_000;
const UNAVAILABLE = 'The database is unavailable; try again shortly';
const headline = readFileSync(new URL('../gateway/operations/headline.graphql', import.meta.url), 'utf8');

let database: ScratchDatabase;
let gatewayProxy: TcpProxy;
let subgraphProxy: TcpProxy;
const proxiedDrivers: Driver[] = [];
let system: RunningSystem;
let key: string;
/** Never used before the cut, so the gateway's key cache cannot hold it. */
let coldKey: string;
let aNumber: string;

beforeAll(async () => {
  database = await createScratchDatabase(`postgres://postgres@${POSTGRES.host}:${POSTGRES.port}/postgres`, 'sg_dbfail');
  await seed(database.driver, { enrollees: 10, seed: 11 });
  key = (await createKey(subgraphDb(database.driver), { name: 'db failure', kind: 'staff', scopes: [...DEFAULT_SCOPES.staff, 'audit:read'] })).key;
  coldKey = (await createKey(subgraphDb(database.driver), { name: 'db failure, cold', kind: 'staff' })).key;
  [{ a_number: aNumber }] = (await queryRows<{ a_number: string }>(database.driver, 'select a_number from enrollment.enrollees order by a_number limit 1')) as [{ a_number: string }];
  gatewayProxy = await startTcpProxy(POSTGRES);
  subgraphProxy = await startTcpProxy(POSTGRES);
  const through = async (proxy: TcpProxy) => {
    const driver = await openDriver({ databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/${database.name}`, poolSize: 4, connectTimeoutMs: CONNECT_TIMEOUT_MS });
    proxiedDrivers.push(driver);
    return driver;
  };
  system = await startSystem({ driver: await through(subgraphProxy), gatewayDriver: await through(gatewayProxy), migrate: false });
});
afterEach(async () => {
  await gatewayProxy.restore();
  await subgraphProxy.restore();
});
afterAll(async () => {
  await system?.stop();
  for (const driver of proxiedDrivers) await closeDriver(driver);
  await gatewayProxy?.close();
  await subgraphProxy?.close();
  await database?.drop();
});

async function gql(query: string, variables?: Record<string, unknown>, apiKey = key) {
  const started = Date.now();
  const response = await fetch(system.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLResponse['body'];
  return { status: response.status, headers: response.headers, body, ms: Date.now() - started };
}

/** No driver detail reaches a client: no socket error, port, SQL or stack. */
function expectNoDriverDetail(body: GraphQLResponse['body']) {
  expect(textWithoutRequestIds(body)).not.toMatch(/ECONN|5432|terminated|timeout exceeded|select |insert |    at /i);
}

async function expectServedAgain() {
  const { status, body } = await gql(headline, { aNumber });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.data.enrolleeByANumber.aNumber).toBe(aNumber);
}

// Connections a pool opened while the server swallowed them stay half-open after it is back, until
// their connect timeout ends them; a request queued behind them may still fail in that window, as
// it would against a real server that stalled. So recovery is bounded, not instant: within a few
// connect timeouts the same query must be answered.
const RECOVERY_MS = CONNECT_TIMEOUT_MS * 3 + 2_000;
async function expectServedWithin(ms: number) {
  const deadline = Date.now() + ms;
  let last = await gql(headline, { aNumber });
  while ((last.status !== 200 || last.body.errors) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await gql(headline, { aNumber });
  }
  expect(last.status).toBe(200);
  expect(last.body.errors).toBeUndefined();
  expect(last.body.data.enrolleeByANumber.aNumber).toBe(aNumber);
}

describe('the subgraphs cannot reach the database', () => {
  it.each([
    ['refused', () => subgraphProxy.refuse()],
    ['accepting but never answering', () => subgraphProxy.swallow()],
  ] as const)('connections %s: SERVICE_UNAVAILABLE in seconds, then served again once it is back', async (_, cut) => {
    await expectServedAgain(); // warm the pools, so the cut also breaks open connections
    await cut();
    const answers = await Promise.all(Array.from({ length: 8 }, () => gql(headline, { aNumber })));
    for (const { status, body, ms } of answers) {
      expect(ms).toBeLessThan(CONNECT_TIMEOUT_MS + 3_000);
      expect(status).toBe(200);
      expect(body.data).toEqual({ enrolleeByANumber: null });
      expect(body.errors).toEqual([{ message: UNAVAILABLE, path: ['enrolleeByANumber'], extensions: { code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) } }]);
      expectNoDriverDetail(body);
    }
    const readiness = await fetch(system.subgraphs.enrollment!.url.replace('/graphql', '/readyz'));
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toMatchObject({ status: 'unavailable', notReady: ['database'] });

    await subgraphProxy.restore();
    await expectServedWithin(RECOVERY_MS);
    expect((await fetch(system.subgraphs.enrollment!.url.replace('/graphql', '/readyz'))).status).toBe(200);
  });
});

describe('the gateway cannot reach the database for API keys', () => {
  it('answers 503 SERVICE_UNAVAILABLE with Retry-After (not 401, not 500), then serves again', async () => {
    await expectServedAgain();
    await gatewayProxy.refuse();
    // A key the gateway's key cache does not hold must be read from the database.
    const { status, headers, body, ms } = await gql(headline, { aNumber }, coldKey);
    expect(ms).toBeLessThan(3_000);
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('5');
    expect(headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.errors).toEqual([expect.objectContaining({ message: UNAVAILABLE, extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }) })]);
    expectNoDriverDetail(body);
    // The key just used, cached, is refused the same way once the cache has seen its LISTEN
    // connection go (it cannot hear revocations then, so it stops answering: fail closed).
    let warm = await gql(headline, { aNumber });
    for (let tries = 0; warm.status === 200 && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      warm = await gql(headline, { aNumber });
    }
    expect(warm.status).toBe(503);
    await gatewayProxy.restore();
    await expectServedAgain();
  });
});

describe('a mutation caught mid-flight', () => {
  const enroll = `mutation($input: EnrollInput!) { enroll(input: $input) { id status } }`;
  const input = (aNumber: string) => ({ aNumber, givenName: 'Test', familyName: 'Cut', fieldOfficeCode: 'CHI', technology: 'SMARTLINK', checkInCadence: 'WEEKLY' });
  const stored = async (aNumber: string) => {
    const [row] = await queryRows<{ people: number; events: number }>(
      database.driver,
      `select (select count(*)::int from enrollment.enrollees where a_number = $1) as people,
              (select count(*)::int from enrollment.audit_events where a_number = $1 and operation = 'enroll') as events`,
      [aNumber],
    );
    return row;
  };

  it('cut after its audit insert, before COMMIT: neither the person nor the event is stored, and a retry succeeds', async () => {
    const fresh = 'A900000001';
    subgraphProxy.cutAfter(/insert into "enrollment"\."audit_events"/);
    const cut = await gql(enroll, { input: input(fresh) });
    expect(cut.status).toBe(200);
    expect(cut.body.errors).toEqual([expect.objectContaining({ message: UNAVAILABLE, path: ['enroll'], extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE' }) })]);
    expect(await stored(fresh)).toEqual({ people: 0, events: 0 });

    const retry = await gql(enroll, { input: input(fresh) });
    expect(retry.body.errors).toBeUndefined();
    expect(retry.body.data.enroll.status).toBe('ACTIVE');
    expect(await stored(fresh)).toEqual({ people: 1, events: 1 });
  });

  it('cut right after COMMIT is sent: the client is told to retry, and the person and the event are both stored', async () => {
    const fresh = 'A900000002';
    // This enrollment's COMMIT, not that of a job polling on the same pool.
    subgraphProxy.cutAfter(/commit/i, { onConnectionThatSent: /insert into "enrollment"\."audit_events"/ });
    const cut = await gql(enroll, { input: input(fresh) });
    expect(cut.body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    // The server may finish the COMMIT a moment after the client has been told.
    await expect.poll(() => stored(fresh), { timeout: 5_000 }).toEqual({ people: 1, events: 1 });
  });
});
