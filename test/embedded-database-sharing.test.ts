// The embedded database is opened by one process only. While the system runs on a PGlite folder
// (opened as `npm start` opens it: holding the folder's lock and serving it on 127.0.0.1), the real
// `npm run keys` acts on that running database, so a created key works and a revoked one stops on
// the very next request; a second `npm start` and `npm run seed` on the folder refuse, saying why.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type RunningSystem } from '../scripts/lib/system.js';
import { migrateEverything } from '../scripts/lib/migrate-everything.js';
import { closeDriver, FolderInUseError, openDriver, queryRows, type Driver } from '../kit/database/db.js';
import { lockPath } from '../kit/database/pglite-lock.js';

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), 'sg-shared-pglite-'));
const dir = join(root, 'pglite');
const env = { ...process.env, DATABASE_URL: '', PGLITE_DIR: dir, PORT: '0', NODE_ENV: 'test' };
const tsx = (script: string, ...args: string[]) => run('npx', ['tsx', script, ...args], { env, encoding: 'utf8', timeout: 90_000 });

let driver: Driver;
let system: RunningSystem;

async function ask(key: string) {
  const response = await fetch(system.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
}

beforeAll(async () => {
  driver = await openDriver({ pgliteDir: dir, pgliteSharing: 'serve', command: 'npm start' });
  await migrateEverything(driver);
  system = await startSystem({ driver, migrate: false });
}, 120_000);

afterAll(async () => {
  await system?.stop();
  if (driver) await closeDriver(driver);
  rmSync(root, { recursive: true, force: true });
});

describe('one process opens the embedded database', () => {
  it('records the running system and the port it serves the database on', () => {
    const lock = JSON.parse(readFileSync(lockPath(dir), 'utf8'));
    expect(lock).toMatchObject({ pid: process.pid, holder: 'system', command: 'npm start', port: expect.any(Number) });
  });

  it('npm run keys acts on the running database: a created key works at once, a revoked one stops at once', async () => {
    const created = await tsx('scripts/keys.ts', 'create', '--name', 'while running', '--kind', 'developer');
    const [key, id] = /sgk_([0-9a-f]{16})_[A-Za-z0-9_-]{43}/.exec(created.stdout) ?? [];
    expect(key, created.stdout).toBeDefined();
    expect(await ask(key!)).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });

    const revoked = await tsx('scripts/keys.ts', 'revoke', id!);
    expect(revoked.stdout).toContain(`Revoked ${id}`);
    const refused = await ask(key!);
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Two tsx processes, each starting up and migrating (a no-op) over the socket.
  }, 180_000);

  it('a second npm start and npm run seed on the same folder refuse with a message that says why', async () => {
    const [start, seed] = await Promise.allSettled([tsx('scripts/dev.ts'), tsx('scripts/seed.ts', '--enrollees', '5')]);
    expect(start).toMatchObject({ status: 'rejected', reason: { code: 1 } });
    expect((start as PromiseRejectedResult).reason.stderr).toContain(`The embedded database in ${dir} is in use by npm start (process ${process.pid})`);
    expect(seed).toMatchObject({ status: 'rejected', reason: { code: 1 } });
    expect((seed as PromiseRejectedResult).reason.stderr).toContain(`npm start is running on ${dir}: stop it first`);
    // The system is untouched: it still answers, and still holds the folder.
    expect(existsSync(lockPath(dir))).toBe(true);
    expect((await fetch(system.gatewayUrl.replace(/graphql$/, 'readyz'))).status).toBe(200);
  }, 180_000);
});

describe('the lock on a folder', () => {
  const other = join(root, 'other');

  it('is taken over when the process that left it has died, and removed on close', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid; // exited before we look
    writeFileSync(lockPath(other), JSON.stringify({ pid: dead, holder: 'system', port: 1, command: 'npm start' }));
    const tool = await openDriver({ pgliteDir: other, command: 'npm run keys' });
    expect(JSON.parse(readFileSync(lockPath(other), 'utf8'))).toMatchObject({ pid: process.pid, holder: 'tool', command: 'npm run keys' });
    // While a tool holds the folder, the system refuses to open it, naming the tool.
    await expect(openDriver({ pgliteDir: other, pgliteSharing: 'serve' })).rejects.toThrow(FolderInUseError);
    await expect(openDriver({ pgliteDir: other, pgliteSharing: 'serve' })).rejects.toThrow(`is in use by npm run keys (process ${process.pid}). Wait for it to finish`);
    expect(await queryRows(tool, 'select 1 as one')).toEqual([{ one: 1 }]);
    await closeDriver(tool);
    expect(existsSync(lockPath(other))).toBe(false);
  });
});
