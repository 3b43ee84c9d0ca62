// Runs before `npm start` (`bootstrap.mjs start`) and `npm test` (`bootstrap.mjs test`) so each works
// as the first command on a fresh clone. `start` installs only what running needs (dependencies:
// the servers, and Vite to build the web app); `test` adds the development tools (vitest,
// playwright-core, codegen, drizzle-kit, TypeScript), which are all devDependencies. The benchmark's
// own tools (Hive Gateway, autocannon) are neither: `npm run bench` installs them in
// scripts/bench-tools/ on first use. Each step says what it does.
// Plain Node with no dependencies, because it runs before any are installed.
import { execSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';

const purpose = process.argv[2] === 'test' ? 'test' : 'start';
const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));

const fresh = existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs;
// After a `start` install the development tools are absent; a test run needs every one of them.
const missingDev = Object.keys(manifest.devDependencies ?? {}).filter((name) => !existsSync(`node_modules/${name}/package.json`));
const needs = !fresh ? 'install' : purpose === 'test' && missingDev.length > 0 ? 'add-dev' : null;

if (needs) {
  const started = Date.now();
  const omitDev = purpose === 'start';
  const locked = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {};
  const count = Object.entries(locked).filter(([path, entry]) => path !== '' && !(omitDev && entry.dev)).length;
  console.log(
    omitDev
      ? `Installing the ${count} packages that running needs, from package-lock.json (npm ci --omit=dev; test tools come with the first \`npm test\`)...`
      : needs === 'add-dev'
        ? `Installing the development tools tests need (${missingDev.join(', ')}), ${count} packages in all, from package-lock.json (npm ci)...`
        : `Installing ${count} packages from package-lock.json (npm ci)...`,
  );
  execSync(`npm ci --no-audit --no-fund${omitDev ? ' --omit=dev' : ''}`, { stdio: 'inherit' });
  console.log(`Installed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}
