// The rate-limit behaviour every counter store must give (memory, Redis): run by
// test/rate-limits.e2e.test.ts and test/rate-limits-redis.e2e.test.ts against a real stack with
// small budgets. Requests come from chosen loopback addresses (127.0.0.x), so locking one address
// out leaves the others, and the rest of the file, unaffected.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateLimitOverrides } from '../../gateway/rate-limits/index.js';
import { generateHopKeys, type HopKeys } from '../../kit/identity/hop-token.js';
import { startTestStack, type TestStack } from './stack.js';

/** Budgets small enough to reach in a few requests, with lockouts long enough to observe. */
export const TEST_RATE_LIMITS: RateLimitOverrides = {
  requestsPerMinute: { staff: 1_000, developer: 1_000, partner: 5 },
  costPerMinute: { staff: 1_000_000, developer: 1_000, partner: 1_000_000 },
  authFailures: { freeFailures: 3, delayStepMs: 150, maxDelayMs: 150, lockoutFailures: 20, windowSeconds: 60, lockoutSeconds: 120 },
};

const agents = new Map<string, Agent>();
/** POSTs `query` to `url` from the loopback address `from` (node:http binds it; fetch cannot), with `key` (null: none). */
export async function postFrom(url: string, from: string, query: string, key: string | null) {
  let agent = agents.get(from);
  if (!agent) agents.set(from, (agent = new Agent({ keepAlive: true, localAddress: from })));
  const started = performance.now();
  const payload = JSON.stringify({ query });
  const { status, retryAfter, text } = await new Promise<{ status: number; retryAfter: string | null; text: string }>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, retryAfter: (res.headers['retry-after'] as string | undefined) ?? null, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
  const body = JSON.parse(text) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status, retryAfter, body, ms: performance.now() - started, code: body.errors?.[0]?.extensions?.code };
}

/** A key of the right shape that no one issued. */
export const randomKey = () => `sgk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`;

export function rateLimitSuite(store: string, rateLimits: () => RateLimitOverrides) {
  let stack: TestStack;
  let partnerKey: string;
  let developerKey: string;
  let hopKeys: HopKeys;

  beforeAll(async () => {
    hopKeys = await generateHopKeys();
    stack = await startTestStack({ enrollees: 8, system: { hopKeys, rateLimits: { ...TEST_RATE_LIMITS, ...rateLimits() } } });
    const [org] = await stack.sql<{ id: string }>('select id::text as id from legal.organizations order by name limit 1');
    partnerKey = await stack.createKey({ name: 'rate test partner', kind: 'partner', organizationId: org!.id });
    developerKey = await stack.createKey({ name: 'rate test developer', kind: 'developer' });
  });
  afterAll(async () => {
    await stack?.close();
    for (const agent of agents.values()) agent.destroy();
    agents.clear();
  });

  describe(`rate limits (${store} counters)`, () => {
    it('answers failed authentications more slowly once an address is past its free attempts', async () => {
      const from = '127.0.0.3';
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await postFrom(stack.gatewayUrl, from, '{ __typename }', randomKey()));
      expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
      // Failures 1-3 are free; the 4th and 5th each wait delayStepMs (150) before the 401.
      expect(answers[3]!.ms).toBeGreaterThanOrEqual(145);
      expect(answers[4]!.ms).toBeGreaterThanOrEqual(145);
      expect(Math.min(...answers.slice(0, 3).map((a) => a.ms))).toBeLessThan(145);
    });

    it('locks out an address that tries 200 random keys in a second: 429, Retry-After, RATE_LIMITED, even for a valid key', async () => {
      const from = '127.0.0.2';
      const started = performance.now();
      const answers = await Promise.all(Array.from({ length: 200 }, () => postFrom(stack.gatewayUrl, from, '{ __typename }', randomKey())));
      expect(performance.now() - started).toBeLessThan(5_000);
      const refused = answers.filter((a) => a.status === 429);
      // lockoutFailures is 20: the 20th attempt on is refused without looking the key up.
      expect(answers.filter((a) => a.status === 401).length).toBe(19);
      expect(refused.length).toBe(181);
      for (const answer of refused) {
        expect(answer.code).toBe('RATE_LIMITED');
        // Answers racing the lockout may still quote the failure window's end (60 s).
        expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
        expect(Number(answer.retryAfter)).toBeLessThanOrEqual(120);
      }
      // Locked out means locked out, for lockoutSeconds (120): a valid key from that address is refused too ...
      const valid = await postFrom(stack.gatewayUrl, from, '{ __typename }', stack.keys.staff);
      expect([valid.status, valid.code]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(valid.retryAfter)).toBeGreaterThan(60);
      // ... while another address is served as before.
      const other = await postFrom(stack.gatewayUrl, '127.0.0.4', '{ __typename }', stack.keys.staff);
      expect([other.status, other.body.data]).toEqual([200, { __typename: 'Query' }]);
    });

    it('refuses a partner key over its request budget with 429 RATE_LIMITED, other keys unaffected', async () => {
      const from = '127.0.0.5';
      const answers = [];
      for (let i = 0; i < 7; i++) answers.push(await postFrom(stack.gatewayUrl, from, '{ __typename }', partnerKey));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
      expect(answers[5]!.code).toBe('RATE_LIMITED');
      expect(answers[5]!.body.errors![0]!.message).toContain('5 requests per minute (partner keys)');
      expect(Number(answers[5]!.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(answers[5]!.retryAfter)).toBeLessThanOrEqual(60);
      expect((await postFrom(stack.gatewayUrl, from, '{ __typename }', stack.keys.staff)).status).toBe(200);
    });

    it('refuses a key over its estimated-cost budget, counting each operation at its estimate', async () => {
      const from = '127.0.0.6';
      const expensive = '{ enrollees(first: 100) { edges { node { id aNumber } } } }';
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await postFrom(stack.gatewayUrl, from, expensive, developerKey));
      const firstRefusal = answers.findIndex((a) => a.status === 429);
      expect(firstRefusal).toBeGreaterThan(0);
      const refusal = answers[firstRefusal]!;
      expect(refusal.code).toBe('RATE_LIMITED');
      expect(refusal.retryAfter).toMatch(/^\d+$/);
      const cost = Number(/this operation costs (\d+)/.exec(refusal.body.errors![0]!.message)?.[1]);
      // The developer budget is 1,000 a minute: exactly as many of these as fit were served.
      expect(firstRefusal).toBe(Math.floor(1_000 / cost));
      expect(answers.slice(0, firstRefusal).every((a) => a.status === 200 && a.body.data.enrollees.edges.length > 0)).toBe(true);
      // The request budget is separate: a cheap request from the same key... also spends cost 1,
      // which the exhausted budget no longer has.
      expect((await postFrom(stack.gatewayUrl, from, '{ __typename }', developerKey)).status).toBe(429);
    });
  });

  /** The stack, and its signing keys, for a test that starts a second gateway over its subgraphs. */
  return { stack: () => stack, hopKeys: () => hopKeys };
}
