// `npm start`: migrate, seed demo data on first run, start the four subgraphs and the gateway, and
// print where to point a browser. PGlite (in .data/pglite) unless DATABASE_URL (or each part's own
// ENROLLMENT_DATABASE_URL, …, GATEWAY_DATABASE_URL: kit/database/databases.ts) is set; on PGlite this
// process holds the folder and serves it on 127.0.0.1 (port in .data/pglite.lock), so `npm run
// keys/seed/migrate` act on this database while it runs, and a second `npm start` refuses.
import { startSystem } from './lib/system.js';
import { seed } from './lib/seed/index.js';
import { demoKeys } from './lib/demo-keys.js';
import { migrateEverything } from './lib/migrate-everything.js';
import { showcasePeople } from './lib/showcase-people.js';
import { driverOptionsFromEnv, FolderInUseError, queryRows } from '../kit/database/db.js';
import { databaseUrlOf, describeDatabases, openDatabases, type Databases } from '../kit/database/databases.js';
import { systemParts } from '../subgraphs/shared/all-subgraphs.js';
import { lockPath } from '../kit/database/pglite-lock.js';
import { ensureWebAppBuilt, webDistDir } from './lib/web-build.js';
import { hopKeysFromEnv } from '../kit/identity/hop-token.js';
import { limitsFromEnv } from '../gateway/limits/index.js';
import { rateLimitsFromEnv } from '../gateway/rate-limits/index.js';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS } from '../gateway/subgraph-fetch.js';
import { startObservability } from '../kit/observability/observability.js';

const DEMO_ENROLLEES = Number(process.env.DEMO_ENROLLEES ?? 500);
const port = Number(process.env.PORT ?? 4000);

// All five servers share this process, so one service.name for its spans (each span's scope names its server).
const observability = await startObservability('supervision-gateway');
// The app builds in its own process while the database migrates and seeds.
const webAppBuilt = ensureWebAppBuilt();
const options = driverOptionsFromEnv();
const onPglite = systemParts.filter((part) => !databaseUrlOf(part));
console.log(`Database: ${[describeDatabases(systemParts), onPglite.length ? `embedded PGlite in ${options.pgliteDir}${onPglite.length < systemParts.length ? ` (${onPglite.join(', ')})` : ''}` : ''].filter(Boolean).join('; ')}`);
let databases: Databases;
try {
  databases = await openDatabases(systemParts, { ...options, pgliteSharing: 'serve', command: 'npm start' });
} catch (error) {
  if (!(error instanceof FolderInUseError)) throw error;
  console.error(error.message);
  process.exit(1);
}
await migrateEverything(databases);

const [{ n }] = (await queryRows<{ n: number }>(databases.of('enrollment'), 'select count(*)::int as n from enrollment.enrollees')) as [{ n: number }];
if (n === 0) {
  console.log(`Seeding ${DEMO_ENROLLEES} synthetic enrollees (first run only)...`);
  await seed(databases, { enrollees: DEMO_ENROLLEES });
}

await webAppBuilt;
const [example] = await showcasePeople(databases, { limit: 1 });
const keys = await demoKeys(databases, { ...options, databaseUrl: databaseUrlOf('gateway') });
const { privateKey, publicKey } = await hopKeysFromEnv();
// The same GATEWAY_MAX_*, GATEWAY_RATE_*, REDIS_URL and SUBGRAPH_TIMEOUT_MS the deployable gateway (gateway/index.ts) reads.
const limits = limitsFromEnv(process.env);
const rateLimits = rateLimitsFromEnv(process.env);
const subgraphTimeoutMs = Number(process.env.SUBGRAPH_TIMEOUT_MS ?? DEFAULT_SUBGRAPH_TIMEOUT_MS);
const system = await startSystem({ databases, port, limits, rateLimits, subgraphTimeoutMs, migrate: false, sandbox: true, exampleANumber: example, sandboxKey: keys.developer, webApp: { dir: webDistDir, graphiql: true }, hopKeys: { privateKey: privateKey!, publicKey } });
console.log(`
Supervision Gateway is up.
  Web app (sign in with a key below): ${system.gatewayUrl.replace('/graphql', '/app/')}
  Gateway + Apollo Sandbox: ${system.gatewayUrl.replace('/graphql', '/')}
  GraphiQL (bundled, works offline): ${system.gatewayUrl.replace('/graphql', '/app/graphiql')}
  Subgraphs: ${Object.entries(system.subgraphs).map(([name, s]) => `${name} ${s.url}`).join(', ')}${
  onPglite.length === 0 ? '' : `\n  npm run keys / seed / migrate act on this running database (served on 127.0.0.1, see ${lockPath(options.pgliteDir!)}).`
}
Sandbox opens with the headline query for ${example ?? 'a seeded person'} (synthetic), sending the developer key.

Demo API keys (send as "Authorization: Bearer <key>"):
  staff (caseworker screens, + audit) ${keys.staff}
  partner (${keys.partnerOrganization}) ${keys.partner}
  developer (Sandbox)                 ${keys.developer}

Ctrl-C stops everything.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await system.stop();
    await observability.stop();
    await databases.close();
    process.exit(0);
  });
}
