// Builds the web app (web/ → web/dist) with Vite when the build is missing or older than its
// sources; `npm start` and the browser tests call it, so neither needs a separate build step.
import { spawn, type SpawnOptions } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const webDir = join(repo, 'web');
export const webDistDir = join(webDir, 'dist');
const SOURCES = [join(webDir, 'src'), join(webDir, 'index.html'), join(webDir, 'vite.config.ts'), join(repo, 'gateway/operations/headline.graphql')];

function newestMtime(path: string): number {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return Math.max(stats.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function webBuildIsFresh(): boolean {
  const built = join(webDistDir, 'index.html');
  return existsSync(built) && statSync(built).mtimeMs >= Math.max(...SOURCES.map(newestMtime));
}

/** Builds web/dist unless it is fresh; says so either way. */
export async function ensureWebAppBuilt(log: (line: string) => void = console.log): Promise<void> {
  if (webBuildIsFresh()) return;
  log('Building the web app (vite build)...');
  const started = performance.now();
  // A process of its own: Vite takes the bundle's mode from NODE_ENV, which a test runner sets to
  // 'test' (a development React build); the served app is always the production build.
  await run(process.execPath, [join(dirname(require.resolve('vite/package.json')), 'bin/vite.js'), 'build', '--config', join(webDir, 'vite.config.ts'), '--logLevel', 'warn'], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  log(`Built the web app in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

function run(command: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((done, fail) => {
    spawn(command, args, options)
      .on('error', fail)
      .on('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}
