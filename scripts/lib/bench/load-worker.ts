// Benchmark child process: drives one target with autocannon (closed loop, N connections, fixed
// duration) and prints one JSON line of results. It runs apart from every server it measures.
import autocannon from 'autocannon';
import { percentile } from './percentile.js';

export interface LoadConfig {
  url: string;
  headers: Record<string, string>;
  /** Request bodies; each request draws one at random. */
  bodies: string[];
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  /** Every response time, ms, sorted (so runs of one target can be merged). */
  latencies: number[];
}

const config = JSON.parse(process.env.LOAD_CONFIG!) as LoadConfig;
const latencies: number[] = [];
let errors = 0;

const instance = autocannon({
  url: config.url,
  method: 'POST',
  headers: { 'content-type': 'application/json', ...config.headers },
  connections: config.connections,
  duration: config.durationSeconds,
  requests: [
    {
      setupRequest: (request) => ({ ...request, body: config.bodies[Math.floor(Math.random() * config.bodies.length)] }),
      onResponse: (status, body) => {
        // A GraphQL error is an error even with HTTP 200.
        if (status !== 200 || body.includes('"errors"')) errors++;
      },
    },
  ],
}, (error, result) => {
  if (error) throw error;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => percentile(latencies, q);
  const out: LoadResult = {
    requests: latencies.length,
    requestsPerSecond: latencies.length / config.durationSeconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    errors: errors + result.errors + result.timeouts,
    latencies: latencies.map((l) => Math.round(l * 100) / 100),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
});
instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
