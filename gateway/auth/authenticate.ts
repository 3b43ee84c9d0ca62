// Who is calling the gateway: the API key in `Authorization: Bearer <key>` (or `x-api-key`).
// No key, or a key that is malformed, unknown or revoked, is a 401 before anything is planned.
import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Caller } from '../../kit/identity/caller.js';
import type { DB } from '../../kit/database/db.js';
import { verifyKey } from './api-keys.js';

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', 'Bearer realm="supervision-gateway"']]) } },
  });
}

export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization) return /^Bearer\s+(.+)$/i.exec(authorization)?.[1]?.trim() ?? authorization.trim();
  const header = headers['x-api-key'];
  return Array.isArray(header) ? header[0] : header;
}

export async function authenticate(db: DB, headers: IncomingHttpHeaders): Promise<Caller> {
  const key = presentedKey(headers);
  if (!key) throw unauthenticated('An API key is required: send it as "Authorization: Bearer <key>"');
  const caller = await verifyKey(db, key);
  if (!caller) throw unauthenticated('The API key is not valid: it is malformed, unknown or revoked');
  return caller;
}
