// The fetcher behind every subgraph call: undici's request API over a keep-alive pool instead of
// Node's built-in fetch. The built-in fetch wraps the same undici in WHATWG streams and objects
// that cost CPU on every call, and on a two-core machine the gateway shares its CPU with the
// subgraphs it waits for (measured in BENCHMARKS.md). Only what RemoteGraphQLDataSource reads of a
// response is provided: ok, status, url, headers.get, text and json.
import { Agent, request } from 'undici';
import type { RemoteGraphQLDataSource } from '@apollo/gateway';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/** One pool for every subgraph origin: connections kept alive between plans. */
const pool = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

export function undiciFetcher(timeoutMs: number): Fetcher {
  return (async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
    // A timer cleared when the answer is in, not AbortSignal.timeout: that one cannot be cancelled,
    // so every fetch's timer fired seconds later and built a TimeoutError nobody read (3% of the
    // gateway's CPU under load, BENCHMARKS.md).
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    let text: string;
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        method: (init.method ?? 'POST') as 'POST',
        headers: init.headers,
        body: init.body,
        dispatcher: pool,
        signal: deadline.signal,
      });
      text = await response.body.text();
    } finally {
      clearTimeout(timer);
    }
    const header = (name: string) => {
      const value = response.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : (value ?? null);
    };
    return {
      ok: response.statusCode >= 200 && response.statusCode < 300,
      status: response.statusCode,
      statusText: '',
      url,
      headers: { get: header },
      text: async () => text,
      json: async () => JSON.parse(text) as unknown,
    };
  }) as unknown as Fetcher;
}
