// The transport behind every subgraph call: undici's request API over a keep-alive pool, posting
// a JSON body and reading the answer as text. Node's built-in fetch wraps the same undici in WHATWG
// streams and objects that cost CPU on every call, and on a two-core machine the gateway shares its
// CPU with the subgraphs it waits for (measured in BENCHMARKS.md).
import { Agent, request } from 'undici';

/** One pool for every subgraph origin: connections kept alive between plans. */
const pool = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

export interface PostedAnswer {
  status: number;
  contentType: string | undefined;
  text: string;
}

/**
 * POSTs `body` and reads the whole answer, or fails with an AbortError once `timeoutMs` has passed
 * (connect, headers and body together). The deadline is a timer cleared on answer, not
 * AbortSignal.timeout: that one cannot be cancelled, so every call's timer fired seconds later and
 * built a TimeoutError nobody read (3% of the gateway's CPU under load, BENCHMARKS.md).
 */
export async function postJson(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<PostedAnswer> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const response = await request(url, { method: 'POST', headers, body, dispatcher: pool, signal: deadline.signal });
    const contentType = response.headers['content-type'];
    return { status: response.statusCode, contentType: Array.isArray(contentType) ? contentType[0] : contentType, text: await response.body.text() };
  } finally {
    clearTimeout(timer);
  }
}
