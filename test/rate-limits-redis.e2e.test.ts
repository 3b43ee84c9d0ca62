// Rate limits with counters in Redis (REDIS_URL, or the Redis every machine here runs at
// 127.0.0.1:6379): the same behaviour as in memory, and two gateways over one Redis spend the same
// budgets, as replicas behind a load balancer must. Keys carry a prefix unique to this run, so test
// files (and runs) sharing the Redis never see each other's counters.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway } from '../scripts/lib/system.js';
import type { RunningServer } from '../kit/http/http-server.js';
import { postFrom, randomKey, rateLimitSuite, TEST_RATE_LIMITS } from './support/rate-limit-suite.js';

const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const keyPrefix = `test-rate-${randomUUID()}`;
const redis = new Redis(redisUrl, { lazyConnect: true });

const suite = rateLimitSuite('Redis', () => ({ redisUrl, keyPrefix }));

describe('two gateways sharing one Redis', () => {
  let second: RunningServer;
  let partnerKey: string;

  beforeAll(async () => {
    await redis.connect();
    const stack = suite.stack();
    // A second gateway replica over the same subgraphs, database and Redis.
    const subgraphUrls = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, server]) => [name, server.url]));
    second = await startGateway({ driver: stack.database.driver, hopKeys: suite.hopKeys(), subgraphUrls, rateLimits: { ...TEST_RATE_LIMITS, redisUrl, keyPrefix } });
    const [org] = await stack.sql<{ id: string }>('select id::text as id from legal.organizations order by name desc limit 1');
    partnerKey = await stack.createKey({ name: 'shared budget partner', kind: 'partner', organizationId: org!.id });
  });
  afterAll(async () => {
    await second?.stop();
    const keys = await redis.keys(`${keyPrefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('spend one request budget: 3 requests at one and 2 at the other use up a partner key\'s 5', async () => {
    const first = suite.stack().gatewayUrl;
    const statuses = [];
    for (const url of [first, first, first, second.url, second.url]) statuses.push((await postFrom(url, '127.0.0.7', '{ __typename }', partnerKey)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    for (const url of [first, second.url]) {
      const refused = await postFrom(url, '127.0.0.7', '{ __typename }', partnerKey);
      expect([refused.status, refused.code]).toEqual([429, 'RATE_LIMITED']);
    }
    // The counters are Redis keys under this file's prefix, not each process's memory.
    expect((await redis.keys(`${keyPrefix}:requests:partner*`)).length).toBeGreaterThan(0);
  });

  it('share a lockout: failures at one gateway lock the address out at the other', async () => {
    const from = '127.0.0.8';
    const failures = await Promise.all(Array.from({ length: 25 }, () => postFrom(suite.stack().gatewayUrl, from, '{ __typename }', randomKey())));
    expect(failures.filter((a) => a.status === 429).length).toBe(6);
    const elsewhere = await postFrom(second.url, from, '{ __typename }', suite.stack().keys.staff);
    expect([elsewhere.status, elsewhere.code]).toEqual([429, 'RATE_LIMITED']);
    expect(Number(elsewhere.retryAfter)).toBeGreaterThan(60);
  });
});
