// Deployable entry point: listens on PORT (default 4000). Subgraph URLs come from the supergraph's
// routing URLs, or from <NAME>_URL (ENROLLMENT_URL, CHECKIN_URL, DOCKET_URL, LEGAL_URL). API keys live
// in Postgres (DATABASE_URL); the signing key comes from HOP_PRIVATE_KEY (generated in development).
import { driverOptionsFromEnv, openDriver, subgraphDb } from '../subgraphs/shared/db.js';
import { hopKeysFromEnv } from '../subgraphs/shared/hop-token.js';
import { listen } from '../subgraphs/shared/http-server.js';
import { logEvent } from '../subgraphs/shared/log.js';
import { migrateGateway } from './auth/db/migrate.js';
import { gatewayContext } from './context.js';
import { buildGateway } from './server.js';

if (!process.env.DATABASE_URL) throw new Error('Set DATABASE_URL: the gateway reads API keys from Postgres (or use `npm start`).');
const production = process.env.NODE_ENV === 'production';
const subgraphUrls = Object.fromEntries(
  ['enrollment', 'checkin', 'docket', 'legal'].flatMap((name) => {
    const url = process.env[`${name.toUpperCase()}_URL`];
    return url ? [[name, url]] : [];
  }),
);
const { privateKey } = await hopKeysFromEnv();
if (!privateKey) throw new Error('Set HOP_PRIVATE_KEY: the gateway signs the identity it forwards to subgraphs.');
const db = subgraphDb(await openDriver(driverOptionsFromEnv()));
await migrateGateway(db);
const apollo = buildGateway({ subgraphUrls, production, sandbox: !production || process.env.SANDBOX === 'true' });
await apollo.start();
const server = await listen(apollo, { port: Number(process.env.PORT ?? 4000), host: process.env.HOST, context: gatewayContext(db, privateKey) });
logEvent('info', 'gateway listening', { url: server.url });
const shutdown = async () => {
  await server.stop();
  process.exit(0);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
