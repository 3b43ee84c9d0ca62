// `npm run compose` writes schema/supergraph.graphql; `npm run compose -- --check` fails when it is stale.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { composeSupergraph, supergraphPath } from './lib/compose.js';

const fresh = composeSupergraph();
if (process.argv.includes('--check')) {
  const committed = existsSync(supergraphPath) ? readFileSync(supergraphPath, 'utf8') : '';
  if (committed !== fresh) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit it.');
    process.exit(1);
  }
  console.log('schema/supergraph.graphql is up to date.');
} else {
  writeFileSync(supergraphPath, fresh);
  console.log(`wrote ${supergraphPath}`);
}
