// `npm run keys -- create --name NAME --kind staff|partner|developer [--org ORGANIZATION_ID] [--scopes a,b]`
// `npm run keys -- list`      `npm run keys -- revoke KEY_ID`
// Against DATABASE_URL, else the PGlite in PGLITE_DIR. A new key's secret is printed once, never stored.
import { parseArgs } from 'node:util';
import { createKey, listKeys, revokeKey } from '../gateway/auth/api-keys.js';
import type { CallerKind } from '../subgraphs/shared/context.js';
import { closeDriver, driverOptionsFromEnv, openDriver, subgraphDb } from '../subgraphs/shared/db.js';
import { migrateEverything } from './lib/migrate-everything.js';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, kind: { type: 'string' }, org: { type: 'string' }, scopes: { type: 'string' } },
});
const [command, id] = positionals;
const driver = await openDriver(driverOptionsFromEnv());
try {
  await migrateEverything(driver);
  const db = subgraphDb(driver);
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
