// What the gateway's /readyz checks: its own database (API keys) and that every subgraph's
// /healthz answers. Reported by subgraph name; the URLs stay inside.
import { readFileSync } from 'node:fs';
import { pingDatabase, type Driver } from '../kit/database/db.js';
import { READINESS_CHECK_TIMEOUT_MS, type ReadinessChecks } from '../kit/http/readiness.js';
import { supergraphPath } from './server.js';

export function gatewayReadiness(driver: Driver, subgraphUrls: Record<string, string>): ReadinessChecks {
  const subgraphs = Object.entries({ ...supergraphRoutingUrls(), ...subgraphUrls }).map(([name, url]) => [`subgraph:${name}`, () => healthy(url)] as const);
  return { database: () => pingDatabase(driver), ...Object.fromEntries(subgraphs) };
}

async function healthy(graphqlUrl: string): Promise<void> {
  const response = await fetch(new URL('/healthz', graphqlUrl), { signal: AbortSignal.timeout(READINESS_CHECK_TIMEOUT_MS) });
  await response.text();
  if (!response.ok) throw new Error(`status ${response.status}`);
}

/** Subgraph name -> routing URL, as composed into the committed supergraph. */
export function supergraphRoutingUrls(): Record<string, string> {
  const sdl = readFileSync(supergraphPath, 'utf8');
  return Object.fromEntries([...sdl.matchAll(/@join__graph\(name: "([^"]+)", url: "([^"]+)"\)/g)].map(([, name, url]) => [name!, url!]));
}
