// Per-request gateway context: who is calling (from the API key), the request's id, and the signed
// tokens that carry that identity to the subgraph fetches of the plan, one per subgraph.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { CryptoKey } from 'jose';
import type { Caller } from '../kit/identity/caller.js';
import { databaseUnavailable, driverErrorCode, isDatabaseUnavailable } from '../kit/database/database-unavailable.js';
import type { DB } from '../kit/database/db.js';
import { reusingHopSigner } from '../kit/identity/hop-token.js';
import { narrowedFor, scopesBySubgraph } from './hop-scopes.js';
import { logEvent } from '../kit/observability/log.js';
import { currentRequestId } from '../kit/http/request-scope.js';
import { authenticate } from './auth/authenticate.js';
import { authenticateFrom, requestWithinBudget, type RateLimiter } from './rate-limits/index.js';

export interface GatewayContext {
  /** Assigned by the HTTP binding, returned in x-request-id, forwarded to subgraphs, on every log line. */
  requestId: string;
  caller: Caller;
  /**
   * The signed identity forwarded to `subgraph`: bound to it (audience), short-lived, and carrying
   * only the caller's scopes that subgraph's fields use. Signed on first use, then reused.
   */
  hopTokenFor(subgraph: string): Promise<string>;
}

/** Seconds a client is asked to wait before retrying while the database is unreachable. */
const RETRY_AFTER_SECONDS = 5;

/**
 * `limiter`: failed authentications are counted per client address, and every request against its
 * key's budget (gateway/rate-limits/); without one (a test of something else) nothing is limited.
 */
export function gatewayContext(db: DB, signingKey: CryptoKey, limiter?: RateLimiter) {
  const sign = reusingHopSigner(signingKey);
  const usable = scopesBySubgraph();
  return async (req: IncomingMessage): Promise<GatewayContext> => {
    const requestId = currentRequestId() ?? randomUUID();
    const identify = () => authenticateOrExplain(db, req, requestId);
    // The socket's peer. Behind a proxy that is the proxy: see the README on client addresses.
    const caller = limiter ? await authenticateFrom(limiter, req.socket.remoteAddress ?? 'unknown', identify) : await identify();
    if (limiter) await requestWithinBudget(limiter, caller);
    const tokens = new Map<string, Promise<string>>();
    const hopTokenFor = (subgraph: string) => {
      let token = tokens.get(subgraph);
      if (!token) tokens.set(subgraph, (token = sign(narrowedFor(caller, subgraph, usable), subgraph)));
      return token;
    };
    return { requestId, caller, hopTokenFor };
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
