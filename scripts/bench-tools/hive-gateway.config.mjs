// Hive Gateway for the side-by-side benchmark, doing the per-request work our gateway does, with the
// same code where the work is ours to define (compiled, from dist/; `npm run build`):
// - authentication: the client's API key checked against gateway.api_keys through the same key
//   cache (LISTEN/NOTIFY) and constant-time hash comparison as our gateway (gateway/auth/), in
//   Hive's generic auth plugin; a request without a valid key is refused before execution;
// - authorization: the same plugin enforces the supergraph's @requiresScopes / @authenticated with
//   the caller's scopes from that key (Hive's documented way to enforce Federation's auth directives);
// - identity: per subgraph fetch, a signed EdDSA hop token for that caller bound to that subgraph and
//   narrowed to its scopes (gateway/hop-scopes.ts), from the same reusing signer (a token per caller and
//   subgraph, re-signed after half its life), which the subgraphs verify exactly as they verify ours.
// In-flight deduplication of subgraph requests is off (see transportEntries). Logging is Hive's default. HIVE_ROUTER_RUNTIME=true (set by the benchmark for the second Hive
// target) swaps in @graphql-hive/router-runtime, Hive Router's Rust query planner and executor.
import { defineConfig } from '@graphql-hive/gateway';
import { verifyKey } from '../../dist/gateway/auth/api-keys.js';
import { presentedKey } from '../../dist/gateway/auth/authenticate.js';
import { startApiKeyCache } from '../../dist/gateway/auth/key-cache.js';
import { openDriver, servingDriverOptions, subgraphDb } from '../../dist/kit/database/db.js';
import { narrowedFor, scopesBySubgraph } from '../../dist/gateway/hop-scopes.js';
import { hopKeysFromEnv, HOP_HEADER, reusingHopSigner } from '../../dist/kit/identity/hop-token.js';

const driver = await openDriver(servingDriverOptions());
const db = subgraphDb(driver);
await startApiKeyCache(driver, db);
const { privateKey } = await hopKeysFromEnv();
const sign = reusingHopSigner(privateKey);
const usable = scopesBySubgraph();

export const gatewayConfig = defineConfig({
  genericAuth: {
    mode: 'protect-all',
    resolveUserFn: async ({ request }) => {
      const key = presentedKey({ authorization: request.headers.get('authorization') ?? undefined, 'x-api-key': request.headers.get('x-api-key') ?? undefined });
      return key ? verifyKey(db, key) : null;
    },
    extractScopes: (caller) => [...caller.scopes],
  },
  propagateHeaders: {
    fromClientToSubgraphs: async ({ context, subgraphName }) =>
      context.currentUser ? { [HOP_HEADER]: await sign(narrowedFor(context.currentUser, subgraphName, usable), subgraphName) } : {},
  },
  // Hive deduplicates identical subgraph requests in flight at once, by default. An operation with a
  // few variable sets (the worklist's and a partner's hearings have 2-4 full pages) then has identical
  // requests in flight under 10 connections, and Hive sent one of each while the floor and our gateway
  // (which has no such cache) sent all: half the subgraph work, and a "faster than the floor" result.
  // Off, so every target sends the subgraphs the same requests, as the benchmark's SQL count assumes.
  transportEntries: { '*.http': { options: { deduplicateInflightRequests: false } } },
  graphiql: false,
  landingPage: false,
});
