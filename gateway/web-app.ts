// Serves the built web app (web/dist, `vite build`) under /app/ from the gateway's own HTTP server:
// same origin as /graphql, so the browser needs no CORS and the gateway's CSRF prevention stays as
// it is (the app POSTs JSON, which a cross-site form cannot). Every path that is not a built file
// gets index.html, for the app's own routing. The files are the same for everyone: no key and no
// personal data is ever in them.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';

export const WEB_APP_PATH = '/app';

export interface WebAppOptions {
  /** The built app (web/dist). */
  dir: string;
  /** Offer the bundled GraphiQL screen (development, or GRAPHIQL=true in production). */
  graphiql: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

// Only this origin, for scripts, data and workers. Inline styles: GraphiQL's editor (Monaco) writes
// <style> elements at run time. No frames: the app must not be embedded elsewhere.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
    "connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** A route handler for http-server.ts's listen(): true when it answered the request. */
export function webAppRoutes(options: WebAppOptions) {
  const root = resolve(options.dir);
  const config = JSON.stringify({ graphqlUrl: '/graphql', graphiql: options.graphiql });
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname !== WEB_APP_PATH && !url.pathname.startsWith(`${WEB_APP_PATH}/`)) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
      return true;
    }
    if (url.pathname === WEB_APP_PATH) {
      res.writeHead(308, { location: `${WEB_APP_PATH}/` }).end();
      return true;
    }
    if (url.pathname === `${WEB_APP_PATH}/config.json`) {
      res.writeHead(200, { 'content-type': TYPES['.json']!, ...SECURITY_HEADERS }).end(config);
      return true;
    }
    const relative = decodeURIComponent(url.pathname.slice(WEB_APP_PATH.length + 1));
    const file = resolve(root, relative);
    const inside = file.startsWith(root + sep);
    const found = inside && relative !== '' ? await stat(file).then((s) => s.isFile(), () => false) : false;
    const served = found ? file : resolve(root, 'index.html');
    if (!(await stat(served).then((s) => s.isFile(), () => false))) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('The web app is not built: run `npm start` (or `npm run web:build`).');
      return true;
    }
    // Built assets have content hashes in their names: they may be kept. index.html may not.
    const immutable = found && relative.startsWith('assets/');
    res.writeHead(200, {
      'content-type': TYPES[extname(served)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-store',
      ...SECURITY_HEADERS,
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((done, fail) => createReadStream(served).on('error', fail).on('end', done).pipe(res));
    return true;
  };
}
