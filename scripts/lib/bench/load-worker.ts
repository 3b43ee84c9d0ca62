// Benchmark child process: drives one target with autocannon (closed loop, N connections, fixed
// duration) and prints one JSON line of results. It runs apart from every server it measures.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Autocannon from 'autocannon';
import { percentile } from './percentile.js';
import { BENCH_TOOLS } from './tools.js';

// autocannon is one of the benchmark's own tools (scripts/bench-tools/), not a project dependency.
const autocannon = createRequire(`${BENCH_TOOLS}package.json`)('autocannon') as typeof Autocannon;

export interface LoadConfig {
  /** The target's origin and default path. */
  url: string;
  headers: Record<string, string>;
  /** What to send; each request draws one at random (the floor's path names the variables set). */
  requests: { path?: string; body: string }[];
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

// From a file: thousands of request bodies outgrow what an environment variable may hold.
const config = JSON.parse(readFileSync(process.env.LOAD_CONFIG_FILE!, 'utf8')) as LoadConfig;
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
      setupRequest: (request) => {
        const pick = config.requests[Math.floor(Math.random() * config.requests.length)]!;
        return { ...request, ...(pick.path ? { path: pick.path } : {}), body: pick.body };
      },
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
