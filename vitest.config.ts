import { defineConfig } from 'vitest/config';

// `*.test.ts` are unit and subgraph tests; `*.e2e.test.ts` start real subgraphs and the gateway over HTTP.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'subgraphs/**/*.test.ts', 'gateway/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers than that only adds contention.
    maxWorkers: 2,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  },
});
