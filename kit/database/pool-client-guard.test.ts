// A pool of one connection, through drizzle, over a real Postgres: a transaction whose connection
// breaks at BEGIN, or whose statement times out on our side, must leave the pool able to serve the
// next transaction. Without the guard the first leaks the pool's only slot (the next transaction
// waits for a connection until the connect timeout), and the second hands the next caller a client
// still busy with the abandoned statement.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDriver, openDriver, subgraphDb, type Driver } from './db.js';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy.js';

// The local server, whatever DATABASE_URL says (as test/database-failure.e2e.test.ts): no tables are touched.
const POSTGRES = { host: '127.0.0.1', port: 5432 };

let proxy: TcpProxy;
const drivers: Driver[] = [];
const onePool = async (options: { queryTimeoutMs?: number } = {}) => {
  const driver = await openDriver({ databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/postgres`, poolSize: 1, connectTimeoutMs: 1_000, ...options });
  drivers.push(driver);
  return subgraphDb(driver);
};
const transactionAnswers = (db: Awaited<ReturnType<typeof onePool>>) => db.transaction(async (tx) => (await tx.execute(sql`select 1 as one`) as unknown as { rows: unknown[] }).rows);

beforeAll(async () => {
  proxy = await startTcpProxy(POSTGRES);
});
afterAll(async () => {
  for (const driver of drivers) await closeDriver(driver);
  await proxy?.close();
});

describe('a pooled transaction whose connection fails', () => {
  it('at BEGIN gives its connection back, so the next transaction is served', async () => {
    const db = await onePool();
    await transactionAnswers(db); // the pool's one connection is open and idle
    proxy.cutAfter(/begin/i);
    await expect(transactionAnswers(db)).rejects.toThrow();
    await expect(transactionAnswers(db)).resolves.toEqual([{ one: 1 }]);
  });

  it('on our query timeout is not handed out again while its statement still runs', async () => {
    const db = await onePool({ queryTimeoutMs: 300 });
    await expect(db.transaction(async (tx) => tx.execute(sql`select pg_sleep(2)`))).rejects.toThrow();
    await expect(transactionAnswers(db)).resolves.toEqual([{ one: 1 }]);
  });
});
