// A minimal node:http binding for Apollo Server, shared by the gateway and the subgraphs. Written
// here rather than using startStandaloneServer so each server owns its body limit, health route
// and shutdown (the gateway adds its own concerns around this same function). Operations
// endpoints: /healthz (the process is up) and /readyz (its dependencies answer; see readiness.ts).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { logEvent } from '../observability/log.js';
import { answerMetrics, metricsOnServingPort } from '../observability/metrics-endpoint.js';
import { noteRefusal, recordServedRequest } from '../observability/request-metrics.js';
import { answerReadiness, type ReadinessChecks, type ReadinessDetails } from './readiness.js';
import { acceptOrAssignRequestId, currentRequestId, REQUEST_ID_HEADER, runInRequestScope } from './request-scope.js';
import { traceServerRequest } from '../observability/tracing.js';

export interface ListenOptions<C extends BaseContext> {
  port: number;
  host?: string;
  /** Requests with a larger body are refused with 413 before parsing. */
  maxBodyBytes?: number;
  context: (req: IncomingMessage) => Promise<C>;
  /** The server's name in log lines ('gateway', 'checkin' …). */
  service?: string;
  /** What /readyz checks (the database, subgraphs); none means ready whenever the process is up. */
  readiness?: ReadinessChecks;
  /**
   * 'assign' (the gateway, facing clients): a fresh request id per request. 'accept' (default; the
   * subgraphs, called by the gateway): the caller's x-request-id when well formed, so one id
   * follows a request through every service.
   */
  requestIds?: 'assign' | 'accept';
  /** How long stop() waits for in-flight requests before cutting connections (default 10 s). */
  shutdownGraceMs?: number;
  /** Other routes (the gateway's web app): answers and returns true, or returns false to pass. */
  routes?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
}

/** What operations need to know of a server that its builder could not pass to listen(). */
export interface ServerDescription {
  service?: string;
  readiness?: ReadinessChecks;
  /** Reported by /readyz beside the checks without failing it (a subgraph's event consumers). */
  readinessDetails?: ReadinessDetails;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then stops Apollo Server. Idempotent. */
  stop: () => Promise<void>;
  /** Names the server and sets its readiness checks after the fact (startSubgraph knows neither). */
  describe: (description: ServerDescription) => void;
}

const GRAPHQL_PATH = '/graphql';
const EXPORT_PATHS = new Set(['/exports/supervision-outcomes.csv']);
const KNOWN_PATHS = new Set([GRAPHQL_PATH, '/', '/healthz', '/readyz', '/metrics', ...EXPORT_PATHS]);
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

export async function listen<C extends BaseContext>(apollo: ApolloServer<C>, options: ListenOptions<C>): Promise<RunningServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const described: ServerDescription = { service: options.service, readiness: options.readiness };
  let draining = false;
  const metricsHere = metricsOnServingPort();
  const scope: ScopeOptions = { service: () => described.service, requestIds: options.requestIds, draining: () => draining, inFlight: new Set() };
  const http: Server = createServer((req, res) => inRequestScope(req, res, scope, async () => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      if (url.pathname === '/readyz') {
        await answerReadiness(res, described.readiness ?? {}, draining, described.readinessDetails);
        return;
      }
      if (url.pathname === '/metrics' && metricsHere) {
        await answerMetrics(res);
        return;
      }
      if (options.routes && (await options.routes(req, res, url))) return;
      if (url.pathname !== GRAPHQL_PATH && url.pathname !== '/') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const raw = await readBody(req, maxBodyBytes);
      if (raw === null) {
        if (options.requestIds === 'assign') noteRefusal('PAYLOAD_TOO_LARGE');
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: `Request body exceeds ${maxBodyBytes} bytes`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] }));
        return;
      }
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: parseBody(raw, headers) },
        context: () => options.context(req),
      });
      for (const [key, value] of result.headers) res.setHeader(key, value);
      res.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        res.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) res.write(chunk);
        res.end();
      }
    } catch (error) {
      // Apollo Server turns resolver failures into GraphQL errors; reaching here means the request
      // itself could not be served. Say so without detail, with the id that finds the log line.
      logEvent('error', 'request failed', { service: described.service, errorClass: (error as Error)?.name });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: currentRequestId() } }] }));
    }
  }));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = http.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}${GRAPHQL_PATH}`,
    stop() {
      stopped ??= (async () => {
        // New connections are refused from here on; requests already being served run to the end,
        // then their connections close instead of idling in keep-alive.
        draining = true;
        for (const res of scope.inFlight) closeAfterResponse(res);
        const closed = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        const force = setTimeout(() => http.closeAllConnections(), options.shutdownGraceMs ?? 10_000);
        await closed;
        clearTimeout(force);
        await apollo.stop();
      })();
      return stopped;
    },
    describe(description) {
      Object.assign(described, description);
    },
  };
}

interface ScopeOptions {
  service: () => string | undefined;
  requestIds?: 'assign' | 'accept';
  draining: () => boolean;
  /** Responses not yet finished, for stop() to close their connections after them. */
  inFlight: Set<ServerResponse>;
}

// Node writes `Connection: close` and ends the socket after the response when this is false.
function closeAfterResponse(res: ServerResponse): void {
  if (!res.headersSent) res.shouldKeepAlive = false;
}

/**
 * Serves one request inside its request scope: assigns (or accepts) its id, returns it in the
 * x-request-id header, and writes one log line when it is done. Probes log at debug level only.
 */
async function inRequestScope(req: IncomingMessage, res: ServerResponse, options: ScopeOptions, serve: () => Promise<void>): Promise<void> {
  const requestId = options.requestIds === 'assign' ? randomUUID() : acceptOrAssignRequestId(req.headers[REQUEST_ID_HEADER]);
  res.setHeader(REQUEST_ID_HEADER, requestId);
  // Answers are about people (or refusals): no browser or proxy may keep a copy, whatever path
  // produced them (Apollo would say so only for the GraphQL responses it writes itself).
  res.setHeader('cache-control', 'no-store');
  options.inFlight.add(res);
  res.once('close', () => options.inFlight.delete(res));
  // A request arriving on a kept-alive connection during shutdown is served, and closes it.
  if (options.draining()) closeAfterResponse(res);
  const started = performance.now();
  const [path = '/', search] = (req.url ?? '/').split('?');
  // Only our own routes by name: an unknown path is client text and could hold anything.
  const route = KNOWN_PATHS.has(path) ? path : '(other)';
  await runInRequestScope(requestId, async () => {
    await traceServerRequest(req, res, options.service(), route, requestId, options.requestIds !== 'assign', serve);
    const durationMs = performance.now() - started;
    // GraphQL requests only (a GET of the landing page has no query string).
    if (((path === GRAPHQL_PATH || path === '/') && (req.method === 'POST' || search)) || EXPORT_PATHS.has(path)) recordServedRequest(options.service(), res.statusCode, durationMs / 1000);
    logEvent(PROBES.has(path) ? 'debug' : 'info', 'request completed', {
      service: options.service(),
      method: req.method,
      path: route,
      status: res.statusCode,
      durationMs: Math.round(durationMs),
    });
  });
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// Apollo Server expects a parsed JSON body; anything else is passed through for it to refuse.
function parseBody(raw: string, headers: HeaderMap): unknown {
  if (raw === '') return undefined;
  if (!(headers.get('content-type') ?? '').includes('json')) return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
