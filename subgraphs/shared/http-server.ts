// A minimal node:http binding for Apollo Server, shared by the gateway and the subgraphs. Written
// here rather than using startStandaloneServer so each server owns its body limit, health route
// and shutdown (the gateway adds its own concerns around this same function).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export interface ListenOptions<C extends BaseContext> {
  port: number;
  host?: string;
  /** Requests with a larger body are refused with 413 before parsing. */
  maxBodyBytes?: number;
  context: (req: IncomingMessage) => Promise<C>;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Stops accepting connections, lets in-flight requests finish, then stops Apollo Server. */
  stop: () => Promise<void>;
}

const GRAPHQL_PATH = '/graphql';

export async function listen<C extends BaseContext>(apollo: ApolloServer<C>, options: ListenOptions<C>): Promise<RunningServer> {
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  const http: Server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      if (url.pathname !== GRAPHQL_PATH && url.pathname !== '/') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const raw = await readBody(req, maxBodyBytes);
      if (raw === null) {
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
    } catch {
      // Apollo Server turns resolver failures into GraphQL errors; reaching here means the request
      // itself could not be served. Say so without detail.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = http.address() as AddressInfo;
  return {
    port,
    url: `http://${options.host ?? '127.0.0.1'}:${port}${GRAPHQL_PATH}`,
    async stop() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const force = setTimeout(() => http.closeAllConnections(), 5_000);
      await closed;
      clearTimeout(force);
      await apollo.stop();
    },
  };
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
