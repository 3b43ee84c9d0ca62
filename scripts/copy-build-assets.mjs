// Second half of `npm run build`: tsc emits only JavaScript, but the servers read files that sit beside
// their sources (each subgraph's schema.graphql, the migrations folders, the gateway's operations and
// the committed supergraph). Copy those into dist/ at the same relative paths. Plain Node, no dependencies.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ASSET = /\.(graphql|sql|json|yaml)$/;
const ROOTS = ['gateway', 'subgraphs', 'schema'];

function copyAssets(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) copyAssets(path);
    else if (ASSET.test(name)) cpSync(path, join('dist', path));
  }
}

for (const root of ROOTS) if (existsSync(root)) copyAssets(root);
