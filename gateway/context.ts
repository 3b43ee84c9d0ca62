// Per-request gateway context: who is calling (from the API key) and the signed token that carries
// that identity to every subgraph fetch of the plan.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { CryptoKey } from 'jose';
import type { Caller } from '../subgraphs/shared/context.js';
import type { DB } from '../subgraphs/shared/db.js';
import { signHopToken } from '../subgraphs/shared/hop-token.js';
import { authenticate } from './auth/authenticate.js';

export interface GatewayContext {
  requestId: string;
  caller: Caller;
  /** The signed identity forwarded to subgraphs (one per request, shared by all its fetches). */
  hopToken: string;
}

export function gatewayContext(db: DB, signingKey: CryptoKey) {
  return async (req: IncomingMessage): Promise<GatewayContext> => {
    const caller = await authenticate(db, req.headers);
    return { requestId: randomUUID(), caller, hopToken: await signHopToken(signingKey, caller) };
  };
}
