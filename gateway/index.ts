// Deployable entry point: listens on PORT (default 4000). Subgraph URLs come from the supergraph's
// routing URLs, or from <NAME>_URL (ENROLLMENT_URL, CHECKIN_URL, DOCKET_URL, LEGAL_URL).
import { randomUUID } from 'node:crypto';
import { listen } from '../subgraphs/shared/http-server.js';
import { logEvent } from '../subgraphs/shared/log.js';
import { buildGateway } from './server.js';

const subgraphUrls = Object.fromEntries(
  ['enrollment', 'checkin', 'docket', 'legal'].flatMap((name) => {
    const url = process.env[`${name.toUpperCase()}_URL`];
    return url ? [[name, url]] : [];
  }),
);
const apollo = buildGateway({ subgraphUrls, sandbox: process.env.NODE_ENV !== 'production' });
await apollo.start();
const server = await listen(apollo, {
  port: Number(process.env.PORT ?? 4000),
  host: process.env.HOST,
  context: async () => ({ requestId: randomUUID() }),
});
logEvent('info', 'gateway listening', { url: server.url });
const shutdown = async () => {
  await server.stop();
  process.exit(0);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
