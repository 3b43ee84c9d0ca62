// `npm start`: migrate, seed demo data on first run, start the four subgraphs and the gateway, and
// print where to point a browser. PGlite (in .data/pglite) unless DATABASE_URL is set.
import { startSystem } from './lib/system.js';
import { seed } from './lib/seed/index.js';
import { demoKeys } from './lib/demo-keys.js';
import { migrateEverything } from './lib/migrate-everything.js';
import { showcasePeople } from './lib/showcase-people.js';
import { driverOptionsFromEnv, openDriver, queryRows } from '../subgraphs/shared/db.js';
import { hopKeysFromEnv } from '../subgraphs/shared/hop-token.js';
import { limitsFromEnv } from '../gateway/limits/index.js';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS } from '../gateway/subgraph-fetch.js';

const DEMO_ENROLLEES = Number(process.env.DEMO_ENROLLEES ?? 500);
const port = Number(process.env.PORT ?? 4000);

const options = driverOptionsFromEnv();
console.log(`Database: ${options.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${options.pgliteDir}`}`);
const driver = await openDriver(options);
await migrateEverything(driver);

const [{ n }] = (await queryRows<{ n: number }>(driver, 'select count(*)::int as n from enrollment.enrollees')) as [{ n: number }];
if (n === 0) {
  console.log(`Seeding ${DEMO_ENROLLEES} synthetic enrollees (first run only)...`);
  await seed(driver, { enrollees: DEMO_ENROLLEES });
}

const [example] = await showcasePeople(driver, { limit: 1 });
const keys = await demoKeys(driver, options);
const { privateKey, publicKey } = await hopKeysFromEnv();
// The same GATEWAY_MAX_* and SUBGRAPH_TIMEOUT_MS the deployable gateway (gateway/index.ts) reads.
const limits = limitsFromEnv(process.env);
const subgraphTimeoutMs = Number(process.env.SUBGRAPH_TIMEOUT_MS ?? DEFAULT_SUBGRAPH_TIMEOUT_MS);
const system = await startSystem({ driver, port, limits, subgraphTimeoutMs, migrate: false, sandbox: true, exampleANumber: example, sandboxKey: keys.developer, hopKeys: { privateKey: privateKey!, publicKey } });
console.log(`
Supervision Gateway is up.
  Gateway + Apollo Sandbox: ${system.gatewayUrl.replace('/graphql', '/')}
  Subgraphs: ${Object.entries(system.subgraphs).map(([name, s]) => `${name} ${s.url}`).join(', ')}
Sandbox opens with the headline query for ${example ?? 'a seeded person'} (synthetic), sending the developer key.

Demo API keys (send as "Authorization: Bearer <key>"):
  staff (caseworker screens, + audit) ${keys.staff}
  partner (${keys.partnerOrganization}) ${keys.partner}
  developer (Sandbox)                 ${keys.developer}

Ctrl-C stops everything.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    await system.stop();
    process.exit(0);
  });
}
