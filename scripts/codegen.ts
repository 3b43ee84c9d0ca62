// `npm run codegen`: the subgraphs' resolver types (codegen.ts) and the web app's client types
// (web/codegen.ts), written through the same programmatic generate() that
// test/generated-files.test.ts compares against, so the two can never disagree on the output.
import { generate } from '@graphql-codegen/cli';
import resolverTypes from '../codegen.js';
import clientTypes from '../web/codegen.js';

for (const config of [resolverTypes, clientTypes]) {
  const outputs = await generate({ ...config, silent: true }, true);
  for (const output of outputs) console.log(`wrote ${output.filename}`);
}
