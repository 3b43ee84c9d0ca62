// Deployable entry point: listens on PORT (default 4000). Subgraph URLs come from the supergraph's
// routing URLs, or from <NAME>_URL (ENROLLMENT_URL, CHECKIN_URL, DOCKET_URL, LEGAL_URL, ALERTS_URL). API keys live
// in Postgres (DATABASE_URL); the signing key comes from HOP_PRIVATE_KEY (generated in development).
// Request limits come from GATEWAY_MAX_* (gateway/limits/config.ts lists them and their defaults);
// rate limits from GATEWAY_RATE_*, their counters in Redis when REDIS_URL is set (gateway/rate-limits/config.ts).
// SUBGRAPH_TIMEOUT_MS bounds each subgraph fetch (default 5000); LOG_LEVEL sets the log level
// (default info); OTEL_EXPORTER_OTLP_ENDPOINT turns on trace export and METRICS_PORT moves /metrics to a
// port of its own (README, Observability); DB_CONNECT_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS and DB_QUERY_TIMEOUT_MS bound database
// waits (kit/database/db.ts).
// WEB_APP_DIR serves the built web app (web/dist) under /app/; GRAPHIQL=true offers its bundled GraphiQL
// in production (always in development), where only keys with `schema:read` may introspect.
// SIGTERM/SIGINT: stop accepting connections, finish in-flight requests, close the database, exit.
import { databaseUrlOf } from '../kit/database/databases.js';
import { closeDriver, openDriver, servingDriverOptions, subgraphDb } from '../kit/database/db.js';
import { hopKeysFromEnv } from '../kit/identity/hop-token.js';
import { listen } from '../kit/http/http-server.js';
import { logEvent } from '../kit/observability/log.js';
import { startObservability } from '../kit/observability/observability.js';
import { onShutdownSignal, withoutApolloSignalHandlers } from '../kit/http/shutdown.js';
import { migrateGateway } from './auth/db/migrate.js';
import { startApiKeyCache } from './auth/key-cache.js';
import { gatewayContext } from './context.js';
import { limitsFromEnv, resolveLimits } from './limits/index.js';
import { createRateLimiter, rateLimitsFromEnv } from './rate-limits/index.js';
import { gatewayReadiness } from './readiness.js';
import { requestIdOnServerErrors } from './request-ids.js';
import { buildGateway } from './server.js';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS } from './subgraph-fetch.js';
import { webAppRoutes } from './web-app.js';
import { supervisionOutcomesCsvRoute } from './exports/supervision-outcomes-csv.js';

const databaseUrl = databaseUrlOf('gateway');
if (!databaseUrl) throw new Error('Set GATEWAY_DATABASE_URL or DATABASE_URL: the gateway reads API keys from Postgres (or use `npm start`).');
const production = process.env.NODE_ENV === 'production';
const observability = await startObservability('gateway');
const subgraphUrls = Object.fromEntries(
  ['enrollment', 'checkin', 'docket', 'legal', 'worklist', 'outcomes', 'alerts'].flatMap((name) => {
    const url = process.env[`${name.toUpperCase()}_URL`];
    return url ? [[name, url]] : [];
  }),
);
const { privateKey } = await hopKeysFromEnv();
if (!privateKey) throw new Error('Set HOP_PRIVATE_KEY: the gateway signs the identity it forwards to subgraphs.');
const driver = await openDriver({ ...servingDriverOptions(), databaseUrl });
const db = subgraphDb(driver);
await migrateGateway(db);
const keyCache = await startApiKeyCache(driver, db);
const limits = resolveLimits(limitsFromEnv(process.env));
const subgraphTimeoutMs = Number(process.env.SUBGRAPH_TIMEOUT_MS ?? DEFAULT_SUBGRAPH_TIMEOUT_MS);
const rateLimiter = await createRateLimiter(rateLimitsFromEnv(process.env));
const apollo = buildGateway({ subgraphUrls, production, sandbox: !production || process.env.SANDBOX === 'true', limits, subgraphTimeoutMs, rateLimiter });
apollo.addPlugin(requestIdOnServerErrors());
await withoutApolloSignalHandlers(() => apollo.start());
const context = gatewayContext(db, privateKey, rateLimiter);
const exports = supervisionOutcomesCsvRoute(apollo, context);
const webApp = process.env.WEB_APP_DIR ? webAppRoutes({ dir: process.env.WEB_APP_DIR, graphiql: !production || process.env.GRAPHIQL === 'true' }) : undefined;
const server = await listen(apollo, {
  port: Number(process.env.PORT ?? 4000),
  host: process.env.HOST,
  maxBodyBytes: limits.bodyBytes,
  service: 'gateway',
  requestIds: 'assign',
  readiness: gatewayReadiness(driver, subgraphUrls),
  context,
  routes: async (req, res, url) => (await exports(req, res, url)) || (webApp ? webApp(req, res, url) : false),
});
logEvent('info', 'gateway listening', { url: server.url, limits, rateLimits: { ...rateLimiter.settings, redisUrl: undefined, store: rateLimiter.store }, subgraphTimeoutMs });
onShutdownSignal(async () => {
  await server.stop();
  await keyCache.stop();
  await rateLimiter.close();
  await closeDriver(driver);
  await observability.stop();
});
