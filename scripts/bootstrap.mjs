// Runs before `npm start` and `npm test` so each works as the first command on a fresh clone:
// installs exactly the locked dependencies when node_modules is missing or older than the lockfile.
// Plain Node with no dependencies, because it runs before any are installed.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('Installing dependencies from package-lock.json (npm ci)...');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}
