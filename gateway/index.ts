// Deployable entry point: listens on PORT (default 4000). Subgraph URLs come from the supergraph's
// routing URLs, or from <NAME>_URL (ENROLLMENT_URL, CHECKIN_URL, DOCKET_URL, LEGAL_URL). API keys live
// in Postgres (DATABASE_URL); the signing key comes from HOP_PRIVATE_KEY (generated in development).
// Request limits come from GATEWAY_MAX_* (gateway/limits/config.ts lists them and their defaults).
// SUBGRAPH_TIMEOUT_MS bounds each subgraph fetch (default 5000); LOG_LEVEL sets the log level
// (default info); DB_CONNECT_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS and DB_QUERY_TIMEOUT_MS bound database
// waits (subgraphs/shared/db.ts).
// SIGTERM/SIGINT: stop accepting connections, finish in-flight requests, close the database, exit.
import { closeDriver, openDriver, servingDriverOptions, subgraphDb } from '../subgraphs/shared/db.js';
import { hopKeysFromEnv } from '../subgraphs/shared/hop-token.js';
import { listen } from '../subgraphs/shared/http-server.js';
import { logEvent } from '../subgraphs/shared/log.js';
import { onShutdownSignal, withoutApolloSignalHandlers } from '../subgraphs/shared/shutdown.js';
import { migrateGateway } from './auth/db/migrate.js';
import { gatewayContext } from './context.js';
import { limitsFromEnv, resolveLimits } from './limits/index.js';
import { gatewayReadiness } from './readiness.js';
import { requestIdOnServerErrors } from './request-ids.js';
import { buildGateway } from './server.js';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS } from './subgraph-fetch.js';

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
const driver = await openDriver(servingDriverOptions());
const db = subgraphDb(driver);
await migrateGateway(db);
const limits = resolveLimits(limitsFromEnv(process.env));
const subgraphTimeoutMs = Number(process.env.SUBGRAPH_TIMEOUT_MS ?? DEFAULT_SUBGRAPH_TIMEOUT_MS);
const apollo = buildGateway({ subgraphUrls, production, sandbox: !production || process.env.SANDBOX === 'true', limits, subgraphTimeoutMs });
apollo.addPlugin(requestIdOnServerErrors());
await withoutApolloSignalHandlers(() => apollo.start());
const server = await listen(apollo, {
  port: Number(process.env.PORT ?? 4000),
  host: process.env.HOST,
  maxBodyBytes: limits.bodyBytes,
  service: 'gateway',
  requestIds: 'assign',
  readiness: gatewayReadiness(driver, subgraphUrls),
  context: gatewayContext(db, privateKey),
});
logEvent('info', 'gateway listening', { url: server.url, limits, subgraphTimeoutMs });
onShutdownSignal(async () => {
  await server.stop();
  await closeDriver(driver);
});
