// `npm run keys`: create shows the secret once and stores only its hash; list shows no secret;
// revoke stops the key at once. Runs the real CLI against a database of its own.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyKey } from '../gateway/auth/api-keys.js';
import { closeDriver, openDriver, queryRows, subgraphDb } from '../kit/database/db.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'sg-keys-'));
// PGlite in a folder of its own: the CLI and this test open it one after the other, never together.
const env = { ...process.env, DATABASE_URL: '', PGLITE_DIR: dir, NODE_ENV: 'test' };
const keys = (...args: string[]) => run('npx', ['tsx', 'scripts/keys.ts', ...args], { env, encoding: 'utf8' });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function withDb<T>(work: (driver: Awaited<ReturnType<typeof openDriver>>) => Promise<T>): Promise<T> {
  const driver = await openDriver({ pgliteDir: dir });
  try {
    return await work(driver);
  } finally {
    await closeDriver(driver);
  }
}

describe('npm run keys', () => {
  it('creates, lists and revokes a key, storing only a hash of its secret', async () => {
    const created = await keys('create', '--name', 'CLI test', '--kind', 'developer');
    const match = /sgk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})/.exec(created.stdout);
    expect(match, created.stdout).not.toBeNull();
    // The secret is base64url, which may itself hold '_': take it from the match, not by splitting.
    const [key, id, secret] = [match![0], match![1]!, match![2]!];

    await withDb(async (driver) => {
      const rows = await queryRows<{ row: string }>(driver, 'select row_to_json(k)::text as row from gateway.api_keys k');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.row).not.toContain(secret);
      expect(await verifyKey(subgraphDb(driver), key)).toMatchObject({ kind: 'developer', id });
    });

    const listed = await keys('list');
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(key);

    const revoked = await keys('revoke', id);
    expect(revoked.stdout).toContain(`Revoked ${id}`);
    await withDb(async (driver) => expect(await verifyKey(subgraphDb(driver), key)).toBeNull());
    // Four CLI processes, each starting tsx and PGlite: 40 s alone on 2 cores, over 60 s beside another test file.
  }, 180_000);

  it('refuses a partner key without an organisation, and location for any partner', async () => {
    await expect(keys('create', '--name', 'p', '--kind', 'partner')).rejects.toMatchObject({ stderr: expect.stringContaining('legal organisation') });
    await expect(
      keys('create', '--name', 'p', '--kind', 'partner', '--org', '00000000-0000-4000-8000-000000000001', '--scopes', 'enrollees:read,checkins.location:read'),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('checkins.location:read') });
  });
});
