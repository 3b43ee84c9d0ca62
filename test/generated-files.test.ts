// Everything generated is committed, and this fails when a committed file differs from what its
// generator would write now: the supergraph, the resolver types and the drizzle migrations.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, supergraphPath } from '../scripts/lib/compose.js';
import codegenConfig from '../codegen.js';

/** Each owner of a Postgres schema: [name, folder holding db/schema.ts and db/migrations]. */
const SCHEMAS = [
  ['enrollment', 'subgraphs/enrollment'],
  ['checkin', 'subgraphs/checkin'],
  ['docket', 'subgraphs/docket'],
  ['legal', 'subgraphs/legal'],
  ['gateway', 'gateway/auth'],
];

describe('generated files are fresh', () => {
  it('schema/supergraph.graphql matches composition of the subgraph SDL files', () => {
    expect(readFileSync(supergraphPath, 'utf8')).toBe(composeSupergraph());
  });

  it('resolver types match `npm run codegen`', async () => {
    const outputs = await generate({ ...codegenConfig, silent: true }, false);
    for (const output of outputs) {
      expect(readFileSync(output.filename, 'utf8'), `${output.filename} is stale: run npm run codegen`).toBe(output.content);
    }
  });

  it.each(SCHEMAS)('%s migrations cover its drizzle tables (drizzle-kit generate adds nothing)', (name, folder) => {
    // drizzle-kit resolves `out` against the working directory, so the scratch copy lives in the repo (gitignored).
    mkdirSync('.drizzle-check', { recursive: true });
    const out = mkdtempSync(`.drizzle-check/${name}-`);
    const config = `${out}.config.ts`;
    try {
      cpSync(`${folder}/db/migrations`, out, { recursive: true });
      writeFileSync(
        config,
        `export default { dialect: 'postgresql', schema: './${folder}/db/schema.ts', out: './${out}', schemaFilter: ['${name}'] };\n`,
      );
      execFileSync('npx', ['drizzle-kit', 'generate', '--config', config], { stdio: 'pipe' });
      const committed = readdirSync(`${folder}/db/migrations`).sort();
      expect(committed.some((f) => f.endsWith('.sql'))).toBe(true);
      expect(readdirSync(out).sort(), 'stale migrations: run npm run migrations:generate').toEqual(committed);
    } finally {
      rmSync(out, { recursive: true, force: true });
      rmSync(config, { force: true });
    }
  });
});
