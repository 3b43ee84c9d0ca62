// The system talks to nothing but itself. @apollo/gateway, left to its defaults, probes cloud
// metadata services (169.254.169.254, metadata.google.internal) at start and posts host metrics
// to Apollo's servers when it stops; a service holding this data must not open connections that
// nobody chose. Every HTTP request any part of the system makes, through node:http or undici
// (fetch included), is recorded from start to stop and must go to this machine.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support/stack.js';

const destinations: string[] = [];
const onHttp = (message: unknown) => {
  const request = (message as { request: ClientRequest }).request;
  destinations.push(request.host ?? String(request.getHeader('host')));
};
const onUndici = (message: unknown) => destinations.push(new URL(String((message as { request: { origin: string } }).request.origin)).hostname);

const LOCAL = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

let stack: TestStack | undefined;
beforeAll(async () => {
  subscribe('http.client.request.start', onHttp);
  subscribe('undici:request:create', onUndici);
  stack = await startTestStack({ enrollees: 20 });
});
afterAll(async () => {
  await stack?.close();
  unsubscribe('http.client.request.start', onHttp);
  unsubscribe('undici:request:create', onUndici);
});

describe('outbound connections', () => {
  it('go only to this machine, from start through a query to stop', async () => {
    const { body } = await stack!.gql('{ fieldOffices { code } }');
    expect(body.errors).toBeUndefined();
    await stack!.close();
    stack = undefined;
    // The gateway's own subgraph fetches were seen, so the recording works...
    expect(destinations.filter((host) => LOCAL.has(host)).length).toBeGreaterThan(0);
    // ...and nothing went anywhere else.
    expect(destinations.filter((host) => !LOCAL.has(host))).toEqual([]);
  });
});
