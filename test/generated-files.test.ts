// Everything generated is committed, and this fails when a committed file differs from what its
// generator would write now: the supergraph, the API schema, the event schemas, the resolver types,
// the web app's client types and the drizzle migrations.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { apiSchemaPath, compose, supergraphPath } from '../scripts/lib/compose.js';
import { committedEventSchemaFiles, eventSchemaFiles, eventSchemasDir } from '../scripts/lib/event-schemas.js';
import codegenConfig from '../codegen.js';
import webCodegenConfig from '../web/codegen.js';

/** Each owner of a Postgres schema: [name, folder holding db/schema.ts and db/migrations]. */
const SCHEMAS = [
  ['enrollment', 'subgraphs/enrollment'],
  ['checkin', 'subgraphs/checkin'],
  ['docket', 'subgraphs/docket'],
  ['legal', 'subgraphs/legal'],
  ['worklist', 'subgraphs/worklist'],
  ['outcomes', 'subgraphs/outcomes'],
  ['alerts', 'subgraphs/alerts'],
  ['gateway', 'gateway/auth'],
];

describe('generated files are fresh', () => {
  it('schema/supergraph.graphql and schema/api.graphql match composition of the subgraph SDL files', () => {
    const fresh = compose();
    expect(readFileSync(supergraphPath, 'utf8'), 'schema/supergraph.graphql is stale: run npm run compose').toBe(fresh.supergraph);
    expect(readFileSync(apiSchemaPath, 'utf8'), 'schema/api.graphql is stale: run npm run compose').toBe(fresh.api);
  });

  it('schema/events/ holds exactly the schema of every published event type, as `npm run compose` writes it', () => {
    const fresh = eventSchemaFiles();
    expect(committedEventSchemaFiles(), 'stale event schemas: run npm run compose').toEqual(Object.keys(fresh).sort());
    for (const [name, content] of Object.entries(fresh)) {
      expect(readFileSync(`${eventSchemasDir}/${name}`, 'utf8'), `schema/events/${name} is stale: run npm run compose`).toBe(content);
    }
  });

  it.each([
    ['resolver types', codegenConfig],
    ['web client types', webCodegenConfig],
  ])('%s match `npm run codegen`', async (_name, config) => {
    const outputs = await generate({ ...config, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
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
