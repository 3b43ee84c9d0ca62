// One JSON Schema per event type (schema/events/<Type>.json), generated from each domain's
// events/published.ts, the one source of truth; `npm run compose` writes them, a test checks them.
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allSubgraphs } from '../../subgraphs/shared/all-subgraphs.js';
import { schemasOf } from '../../subgraphs/shared/events/registry.js';

export const eventSchemasDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema/events');

/** File name -> content of every event schema, as the generator would write them now. */
export function eventSchemaFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const subgraph of allSubgraphs) {
    for (const [type, schema] of Object.entries(schemasOf(subgraph.events.published))) {
      files[`${type}.json`] = JSON.stringify(schema, null, 2) + '\n';
    }
  }
  return files;
}

/** The schema files committed now (names only). */
export function committedEventSchemaFiles(): string[] {
  try {
    return readdirSync(eventSchemasDir).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
}
