// One HTTP attempt: POST the signed body, wait at most 5 seconds for all of it, follow no redirect
// (a 3xx is a failed attempt), read at most 4 KiB of the answer and drop it (a receiver's body is
// never stored or logged). Connections go through the guarded lookup (outbound-policy.ts).
import { Agent, request } from 'undici';
import { checkDestination, guardedLookup, OutboundRefused, outboundPolicy } from './outbound-policy.js';

export const ATTEMPT_TIMEOUT_MS = 5_000;
const MAX_RESPONSE_BYTES = 4_096;

export type AttemptResult = { ok: true; status: number } | { ok: false; status: number | null; error: string };

let agent: Agent | undefined;
function webhookAgent(): Agent {
  // No keep-alive beyond a few seconds: endpoints are many and each is called rarely.
  agent ??= new Agent({ connect: { lookup: guardedLookup(() => outboundPolicy()), timeout: ATTEMPT_TIMEOUT_MS }, keepAliveTimeout: 4_000, connections: 8 });
  return agent;
}

export async function attempt(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
  try {
    const target = new URL(url);
    await checkDestination(target, outboundPolicy());
    const response = await request(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'supervision-gateway-webhooks/1', ...headers },
      body,
      dispatcher: webhookAgent(),
      signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      headersTimeout: ATTEMPT_TIMEOUT_MS,
      bodyTimeout: ATTEMPT_TIMEOUT_MS,
    });
    await drain(response.body);
    if (response.statusCode >= 200 && response.statusCode < 300) return { ok: true, status: response.statusCode };
    const redirect = response.statusCode >= 300 && response.statusCode < 400;
    return { ok: false, status: response.statusCode, error: redirect ? `HTTP ${response.statusCode} (redirects are not followed)` : `HTTP ${response.statusCode}` };
  } catch (error) {
    return { ok: false, status: null, error: describe(error) };
  }
}

async function drain(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<void> {
  let read = 0;
  try {
    for await (const chunk of body) {
      read += chunk.length;
      if (read >= MAX_RESPONSE_BYTES) break;
    }
  } finally {
    body.destroy();
  }
}

/** The failure in our words: its kind, never a receiver's text. */
function describe(error: unknown): string {
  const e = error as { name?: string; code?: string; cause?: unknown; message?: string };
  if (e instanceof OutboundRefused) return e.message;
  if (e?.cause instanceof OutboundRefused) return e.cause.message;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT' || e?.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return `no answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`;
  }
  const code = e?.code ?? (e?.cause as { code?: string })?.code;
  return code ? `connection failed (${code})` : 'connection failed';
}
