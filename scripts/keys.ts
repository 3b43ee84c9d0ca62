// `npm run keys -- create --name NAME --kind staff|partner|developer [--org ORGANIZATION_ID] [--scopes a,b]`
// `npm run keys -- list`      `npm run keys -- revoke KEY_ID`
// Against the gateway's database (GATEWAY_DATABASE_URL, else DATABASE_URL), else the PGlite in PGLITE_DIR: through the running `npm start` when it holds that
// folder (so keys take effect at once), else the folder itself. A new key's secret is printed once, never stored.
import { parseArgs } from 'node:util';
import { createKey, listKeys, revokeKey } from '../gateway/auth/api-keys.js';
import type { CallerKind } from '../kit/identity/caller.js';
import { migrateGateway } from '../gateway/auth/db/migrate.js';
import { databaseUrlOf } from '../kit/database/databases.js';
import { closeDriver, driverOptionsFromEnv, openDriver, subgraphDb } from '../kit/database/db.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, kind: { type: 'string' }, org: { type: 'string' }, scopes: { type: 'string' } },
});
const [command, id] = positionals;
const driver = await openDriver({ ...driverOptionsFromEnv(), databaseUrl: databaseUrlOf('gateway') });
try {
  // Keys live in the gateway's schema only: its database is the one this needs.
  const db = subgraphDb(driver);
  await migrateGateway(db);
  if (command === 'create') {
    if (!values.name || !['staff', 'partner', 'developer'].includes(values.kind ?? '')) {
      throw new Error('create needs --name and --kind staff|partner|developer');
    }
    const created = await createKey(db, {
      name: values.name,
      kind: values.kind as CallerKind,
      organizationId: values.org ?? null,
      scopes: values.scopes?.split(',').map((s) => s.trim()) as never,
    });
    console.log(`Created key ${created.id} (${values.kind}; ${created.scopes.join(', ')}).`);
    console.log(`Secret, shown this once:\n  ${created.key}`);
  } else if (command === 'list') {
    console.table(
      (await listKeys(db)).map((k) => ({
        id: k.id,
        name: k.name,
        kind: k.kind,
        organization: k.organizationId ?? '',
        scopes: k.scopes.join(' '),
        revoked: k.revokedAt?.toISOString() ?? '',
        lastUsed: k.lastUsedAt?.toISOString() ?? '',
      })),
    );
  } else if (command === 'revoke' && id) {
    console.log((await revokeKey(db, id)) ? `Revoked ${id}: it stops working on its next request.` : `No active key ${id}.`);
  } else {
    throw new Error('usage: keys create --name N --kind K [--org ID] [--scopes a,b] | keys list | keys revoke ID');
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await closeDriver(driver);
}
