// Per-request gateway context: who is calling (from the API key), the request's id, and the signed
// token that carries that identity to every subgraph fetch of the plan.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { CryptoKey } from 'jose';
import type { Caller } from '../subgraphs/shared/context.js';
import { databaseUnavailable, driverErrorCode, isDatabaseUnavailable } from '../subgraphs/shared/database-unavailable.js';
import type { DB } from '../subgraphs/shared/db.js';
import { reusingHopSigner } from '../subgraphs/shared/hop-token.js';
import { logEvent } from '../subgraphs/shared/log.js';
import { currentRequestId } from '../subgraphs/shared/request-scope.js';
import { authenticate } from './auth/authenticate.js';

export interface GatewayContext {
  /** Assigned by the HTTP binding, returned in x-request-id, forwarded to subgraphs, on every log line. */
  requestId: string;
  caller: Caller;
  /** The signed identity forwarded to subgraphs (one per request, shared by all its fetches). */
  hopToken: string;
}

/** Seconds a client is asked to wait before retrying while the database is unreachable. */
const RETRY_AFTER_SECONDS = 5;

export function gatewayContext(db: DB, signingKey: CryptoKey) {
  const sign = reusingHopSigner(signingKey);
  return async (req: IncomingMessage): Promise<GatewayContext> => {
    const requestId = currentRequestId() ?? randomUUID();
    const caller = await authenticateOrExplain(db, req, requestId);
    return { requestId, caller, hopToken: await sign(caller) };
  };
}

// Every request starts with an API-key lookup, so an unreachable database is first felt here: that
// is a 503 the client should retry, not a 500 (or a 401 that would make it discard a valid key).
async function authenticateOrExplain(db: DB, req: IncomingMessage, requestId: string): Promise<Caller> {
  try {
    return await authenticate(db, req.headers);
  } catch (error) {
    if (error instanceof GraphQLError) throw error;
    if (isDatabaseUnavailable(error)) {
      logEvent('warn', 'database unavailable', { service: 'gateway', during: 'authentication', errorCode: driverErrorCode(error) });
      throw databaseUnavailable({ requestId, http: { status: 503, headers: new Map([['retry-after', String(RETRY_AFTER_SECONDS)]]) } });
    }
    logEvent('error', 'authentication failed', { service: 'gateway', errorClass: (error as Error)?.name, sqlState: driverErrorCode(error) });
    throw new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId, http: { status: 500 } } });
  }
}
