// `npm run compose` writes schema/supergraph.graphql, schema/api.graphql and schema/events/*.json;
// `npm run compose -- --check` fails when any of them is stale.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { apiSchemaPath, compose, supergraphPath } from './lib/compose.js';
import { committedEventSchemaFiles, eventSchemaFiles, eventSchemasDir } from './lib/event-schemas.js';

const fresh = compose();
const outputs = [
  [supergraphPath, fresh.supergraph],
  [apiSchemaPath, fresh.api],
] as const;
const events = eventSchemaFiles();
if (process.argv.includes('--check')) {
  const stale = outputs.filter(([path, content]) => (existsSync(path) ? readFileSync(path, 'utf8') : '') !== content).map(([path]) => relative(process.cwd(), path));
  const staleEvents =
    committedEventSchemaFiles().join() !== Object.keys(events).sort().join() ||
    Object.entries(events).some(([name, content]) => readFileSync(join(eventSchemasDir, name), 'utf8') !== content);
  if (staleEvents) stale.push('schema/events/');
  for (const path of stale) console.error(`${path} is stale: run \`npm run compose\` and commit it.`);
  if (stale.length) process.exit(1);
  console.log('schema/supergraph.graphql, schema/api.graphql and schema/events/ are up to date.');
} else {
  for (const [path, content] of outputs) {
    writeFileSync(path, content);
    console.log(`wrote ${relative(process.cwd(), path)}`);
  }
  mkdirSync(eventSchemasDir, { recursive: true });
  for (const name of committedEventSchemaFiles()) if (!(name in events)) rmSync(join(eventSchemasDir, name));
  for (const [name, content] of Object.entries(events)) writeFileSync(join(eventSchemasDir, name), content);
  console.log(`wrote ${Object.keys(events).length} event schemas to ${eventSchemasDir}`);
}
