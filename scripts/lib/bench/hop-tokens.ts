// Identity tokens minted by the benchmark's floor, which has no API keys to check: the caller the
// benchmark's API key stands for, narrowed to each subgraph's scopes and bound to it as our gateway
// does (gateway/hop-scopes.ts), each reused while it has half its life left (the same signer our
// gateway uses, so minting costs the floor what it costs the gateway).
import { importPKCS8 } from 'jose';
import { narrowedFor, scopesBySubgraph } from '../../../gateway/hop-scopes.js';
import type { Caller, Scope } from '../../../kit/identity/caller.js';
import { reusingHopSigner } from '../../../kit/identity/hop-token.js';

/** A caller as it travels between the benchmark's processes (JSON). */
export interface CallerJson {
  kind: Caller['kind'];
  id: string;
  scopes: Scope[];
  organizationId: string | null;
}

export const callerFromJson = (json: CallerJson): Caller => ({ ...json, scopes: new Set(json.scopes) });

/** subgraph name -> a token that subgraph accepts now for `caller`, from the gateway's private key (PEM). */
export async function benchHopTokens(privateKeyPem: string, caller: Caller): Promise<(subgraph: string) => Promise<string>> {
  const sign = reusingHopSigner(await importPKCS8(privateKeyPem, 'EdDSA'));
  const usable = scopesBySubgraph();
  return (subgraph) => sign(narrowedFor(caller, subgraph, usable), subgraph);
}
