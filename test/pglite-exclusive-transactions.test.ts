// The outbox takes no advisory lock on embedded PGlite (subgraphs/shared/events/outbox.ts): it relies
// on PGlite running each transaction alone, so that sequence order is commit order there as the lock
// makes it on PostgreSQL. This holds PGlite to that, in every pass (its own in-memory database).
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { PgliteTransaction } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeDriver, openDriver, subgraphDb, type DB, type Driver } from '../kit/database/db.js';

let driver: Driver;
let db: DB;
beforeAll(async () => {
  driver = await openDriver({ pgliteDir: 'memory://' });
  db = subgraphDb(driver);
});
afterAll(() => closeDriver(driver));

it('runs a second transaction only once the first has committed, and hands the outbox a PgliteTransaction', async () => {
  const order: string[] = [];
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const first = db.transaction(async (tx) => {
    expect(tx).toBeInstanceOf(PgliteTransaction);
    order.push('first begins');
    await tx.execute(sql`select 1`);
    await held;
    order.push('first commits');
  });
  await delay(20);
  const second = db.transaction(async (tx) => {
    order.push('second begins');
    await tx.execute(sql`select 1`);
    order.push('second commits');
  });
  const plain = db.execute(sql`select 1`).then(() => order.push('a statement outside'));
  await delay(100);
  expect(order).toEqual(['first begins']);
  release();
  await Promise.all([first, second, plain]);
  expect(order.slice(0, 2)).toEqual(['first begins', 'first commits']);
  expect(order.indexOf('second commits') - order.indexOf('second begins')).toBe(1);
});
