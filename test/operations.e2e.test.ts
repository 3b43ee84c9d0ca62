// Operations endpoints and shutdown, over HTTP: /healthz (the process is up), /readyz (the database
// and, for the gateway, every subgraph answer; 503 naming what is not, without URLs), request ids
// in x-request-id, and a stop() that finishes in-flight requests while refusing new connections.
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem } from '../scripts/lib/system.js';
import { allSubgraphs } from '../subgraphs/shared/all-subgraphs.js';
import { startTestStack, type TestStack } from './support/stack.js';

const SUBGRAPHS = allSubgraphs.map((s) => s.name);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 5 });
});
afterAll(() => stack?.close());

const endpoint = (graphqlUrl: string, path: string) => graphqlUrl.replace(/\/graphql$/, path);
const servers = () => [['gateway', stack.gatewayUrl] as const, ...SUBGRAPHS.map((name) => [name, stack.subgraphs[name]!.url] as const)];

describe('/healthz and /readyz', () => {
  it('every server answers /healthz 200 and, with everything up, /readyz 200 listing its checks', async () => {
    for (const [name, url] of servers()) {
      expect((await fetch(endpoint(url, '/healthz'))).status, name).toBe(200);
      const ready = await fetch(endpoint(url, '/readyz'));
      expect(ready.status, name).toBe(200);
      const expected = name === 'gateway' ? { database: 'ok', ...Object.fromEntries(SUBGRAPHS.map((s) => [`subgraph:${s}`, 'ok'])) } : { database: 'ok' };
      // Subgraphs also report their event consumers (dead letters need an operator, but do not fail the probe).
      const events = name === 'gateway' ? {} : { events: { transport: stack.events!.transport, deadLetters: {} } };
      expect(await ready.json()).toEqual({ status: 'ready', checks: expected, ...events });
    }
  });

  it('the gateway is not ready while a subgraph is down: 503 naming it, no address; ready again once it is back', async () => {
    await stack.subgraphs.docket!.stop();
    try {
      const response = await fetch(endpoint(stack.gatewayUrl, '/readyz'));
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(JSON.parse(text)).toMatchObject({ status: 'unavailable', notReady: ['subgraph:docket'], checks: { database: 'ok', 'subgraph:docket': 'unavailable' } });
      expect(text).not.toMatch(/http|127\.0\.0\.1|localhost|:\d{4,5}/);
      // Liveness is about this process only.
      expect((await fetch(endpoint(stack.gatewayUrl, '/healthz'))).status).toBe(200);
    } finally {
      await stack.restartSubgraph('docket');
    }
    expect((await fetch(endpoint(stack.gatewayUrl, '/readyz'))).status).toBe(200);
  });
});

describe('request ids', () => {
  it('the gateway assigns a fresh id per request, returns it, and ignores one a client sends', async () => {
    const ask = () => fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.keys.developer}`, 'x-request-id': 'client-chosen-id-1234' },
      body: JSON.stringify({ query: '{ fieldOffices { code } }' }),
    });
    const [first, second] = [await ask(), await ask()];
    expect(first.headers.get('x-request-id')).toMatch(UUID);
    expect(second.headers.get('x-request-id')).toMatch(UUID);
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
    // Errors answered before any operation runs (no key) carry the header too.
    const refused = await fetch(stack.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('x-request-id')).toMatch(UUID);
  });

  it('a subgraph keeps the id the gateway forwards when well formed, and replaces anything else', async () => {
    const healthz = endpoint(stack.subgraphs.legal!.url, '/healthz');
    const kept = await fetch(healthz, { headers: { 'x-request-id': 'b3c1d2e4-0000-4000-8000-000000000001' } });
    expect(kept.headers.get('x-request-id')).toBe('b3c1d2e4-0000-4000-8000-000000000001');
    const replaced = await fetch(healthz, { headers: { 'x-request-id': 'A123456789 <script>' } });
    expect(replaced.headers.get('x-request-id')).toMatch(UUID);
  });
});

describe('graceful shutdown', () => {
  it('stop() lets an in-flight request finish with 200 while new connections are refused', async () => {
    const system = await startSystem({ driver: stack.database.driver, migrate: false });
    // Hold the docket subgraph's answer: a stand-in on its port replies after a pause.
    const docketPort = system.subgraphs.docket!.port;
    await system.subgraphs.docket!.stop();
    let requestArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (requestArrived = resolve));
    const slowDocket: Server = createHttpServer((req, res) => {
      req.resume();
      requestArrived();
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"courts":[{"code":"SLOW"}]}}'), 1_000);
    });
    await new Promise<void>((resolve) => slowDocket.listen(docketPort, '127.0.0.1', resolve));
    try {
      const inFlight = fetch(system.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.keys.developer}` },
        body: JSON.stringify({ query: '{ courts { code } }' }),
      });
      await arrived;
      const stopped = system.stop();
      const port = Number(new URL(system.gatewayUrl).port);
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => (socket.destroy(), resolve('connected')));
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ data: { courts: [{ code: 'SLOW' }] } });
      await stopped;
    } finally {
      slowDocket.closeAllConnections();
      await new Promise<void>((resolve) => slowDocket.close(() => resolve()));
      await system.stop();
    }
  });
});
