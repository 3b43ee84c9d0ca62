// Demo API keys for `npm start`: one per kind of caller, created on first run and kept (development
// only, gitignored, owner-readable) so every restart prints working keys. A key revoked or lost
// since is replaced.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createKey, verifyKey } from '../../gateway/auth/api-keys.js';
import { DEFAULT_SCOPES } from '../../gateway/auth/scopes.js';
import type { Databases } from '../../kit/database/databases.js';
import { queryRows, subgraphDb, type DriverOptions } from '../../kit/database/db.js';

export interface DemoKeys {
  staff: string;
  partner: string;
  developer: string;
  /** The partner key's organisation, by name. */
  partnerOrganization: string;
}

/** Keys in the gateway's database, the partner's organisation from legal's; `options.databaseUrl` is the gateway's. */
export async function demoKeys(databases: Databases, options: DriverOptions): Promise<DemoKeys> {
  // Beside the database they belong to: `.data/demo-keys-pglite.json` for `.data/pglite`, so another PGLITE_DIR keeps its own.
  const pgliteDir = resolve(options.pgliteDir ?? '.data/pglite');
  const file = options.databaseUrl
    ? `.data/demo-keys-${createHash('sha256').update(options.databaseUrl).digest('hex').slice(0, 12)}.json`
    : join(dirname(pgliteDir), `demo-keys-${basename(pgliteDir)}.json`);
  const db = subgraphDb(databases.of('gateway'));
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoKeys;
    const valid = await Promise.all([saved.staff, saved.partner, saved.developer].map((key) => verifyKey(db, key)));
    if (valid.every(Boolean)) return saved;
  }
  // The partner speaks for the organisation with the most active clients, so it has people to see.
  const [org] = await queryRows<{ id: string; name: string }>(
    databases.of('legal'),
    `select o.id, o.name from legal.organizations o join legal.representations r on r.organization_id = o.id and r.withdrawn_at is null
     group by o.id, o.name order by count(distinct r.a_number) desc, o.id limit 1`,
  );
  if (!org) throw new Error('No legal organisation has clients: seed the database first');
  const keys: DemoKeys = {
    // The demo caseworker may also read the audit trail, to show it.
    staff: (await createKey(db, { name: 'demo caseworker', kind: 'staff', scopes: [...DEFAULT_SCOPES.staff, 'audit:read'] })).key,
    partner: (await createKey(db, { name: `demo partner (${org.name})`, kind: 'partner', organizationId: org.id })).key,
    developer: (await createKey(db, { name: 'demo developer', kind: 'developer' })).key,
    partnerOrganization: org.name,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2), { mode: 0o600 });
  return keys;
}
