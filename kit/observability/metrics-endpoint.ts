// Where /metrics is answered. Development (and tests): on each server's own port, next to /graphql.
// Production (NODE_ENV=production): not on the serving port, which faces clients; set METRICS_PORT
// to serve it on a port of its own (one per process, for the scraper only), or
// METRICS_ON_SERVING_PORT=true to keep it on the serving port behind your own network rules.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { logEvent } from './log.js';
import { scrape } from './metrics.js';

export function metricsOnServingPort(env = process.env): boolean {
  if (env.METRICS_ON_SERVING_PORT) return env.METRICS_ON_SERVING_PORT === 'true';
  return env.NODE_ENV !== 'production' && !env.METRICS_PORT;
}

export async function answerMetrics(res: ServerResponse): Promise<void> {
  const { contentType, body } = await scrape();
  res.writeHead(200, { 'content-type': contentType }).end(body);
}

export interface MetricsServer {
  url: string;
  stop(): Promise<void>;
}

/** The separate metrics listener, when METRICS_PORT is set (METRICS_HOST, default HOST or 127.0.0.1). */
export async function startMetricsServer(env = process.env): Promise<MetricsServer | undefined> {
  if (!env.METRICS_PORT) return undefined;
  const server = createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] !== '/metrics') return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    answerMetrics(res).catch(() => res.writeHead(500).end());
  });
  const host = env.METRICS_HOST ?? env.HOST ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(env.METRICS_PORT), host, resolve);
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}/metrics`;
  logEvent('info', 'metrics listening', { url });
  return { url, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
