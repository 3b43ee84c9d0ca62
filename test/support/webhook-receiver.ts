// A real HTTP receiver for webhook tests: it verifies every request's Standard Webhooks signature
// with the `standardwebhooks` library (the same check a partner's receiver makes), records what it
// got, and answers with the statuses it is told to (200 once the queue is empty).
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed body when the signature verified with the secret the test set; null when it did not. */
  verified: any | null;
  /** Status the receiver answered. */
  status: number;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The secret signatures are checked against (set once createWebhookEndpoint returns it). */
  secret: string | null;
  /** Statuses to answer with, first to last, before going back to 200; `[status, ms]` answers after a pause. */
  answers: (number | [status: number, delayMs: number])[];
  /** Resolves with the first received webhook matching `match`, or rejects after `ms`. */
  next(match: (w: ReceivedWebhook) => boolean, ms?: number): Promise<ReceivedWebhook>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: Omit<WebhookReceiver, 'url' | 'close'> = {
    received: [],
    secret: null,
    answers: [],
    async next(match, ms = 5_000) {
      const started = Date.now();
      for (;;) {
        const found = receiver.received.find(match);
        if (found) return found;
        if (Date.now() - started > ms) throw new Error(`no matching webhook within ${ms} ms (received ${receiver.received.length})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let verified: unknown = null;
      try {
        verified = receiver.secret ? new Webhook(receiver.secret).verify(body, req.headers as Record<string, string>) : null;
      } catch {
        verified = null;
      }
      const answer = receiver.answers.shift() ?? 200;
      const [status, delayMs] = typeof answer === 'number' ? [answer, 0] : answer;
      receiver.received.push({ headers: req.headers, body, verified, status, at: Date.now() });
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now'), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  });
}
