import { defineConfig } from 'vitest/config';

// `*.test.ts` are unit and subgraph tests; `*.e2e.test.ts` start real subgraphs and the gateway over HTTP.
export default defineConfig({
  resolve: {
    // graphql ships both index.mjs (which Vite would pick) and index.js (which Node and the CommonJS
    // Apollo packages load). Two copies break its instanceof checks, so tests load the one Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts', 'subgraphs/**/*.test.ts', 'kit/**/*.test.ts', 'gateway/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers than that only adds contention.
    maxWorkers: 2,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
  },
});
