// The benchmark's own tools (autocannon, Hive Gateway and its Rust planner) are a package of their
// own in scripts/bench-tools/, so `npm start` and `npm test` never download them: the first
// benchmark run installs them from that folder's lockfile, with the project's graphql version.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** scripts/bench-tools/, whether this file runs from the source tree or from dist/. */
export const BENCH_TOOLS = fileURLToPath(new URL('../../bench-tools/', import.meta.url)).replace(/\/dist\/scripts\/bench-tools\/$/, '/scripts/bench-tools/');
const LOCK = `${BENCH_TOOLS}package-lock.json`;
const INSTALLED = `${BENCH_TOOLS}node_modules/.package-lock.json`;
/** The peer gateway's command line. */
export const HIVE_GATEWAY_BIN = `${BENCH_TOOLS}node_modules/@graphql-hive/gateway/dist/bin.js`;
/** Its configuration: beside the tools, so its own imports resolve there. */
export const HIVE_GATEWAY_CONFIG = `${BENCH_TOOLS}hive-gateway.config.mjs`;

/** Installs the tools when they are missing or older than their lockfile. */
export function ensureBenchTools(quiet: boolean): void {
  if (existsSync(INSTALLED) && statSync(INSTALLED).mtimeMs >= statSync(LOCK).mtimeMs) return;
  const started = Date.now();
  console.log('Installing the benchmark tools (autocannon, Hive Gateway) from scripts/bench-tools/package-lock.json, once...');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', ...(quiet ? ['--silent'] : [])], { cwd: BENCH_TOOLS, stdio: 'inherit' });
  console.log(`Installed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}
