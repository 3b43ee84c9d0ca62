// Validates events against the committed JSON Schemas in schema/events/ (draft 2020-12, with
// formats), so a payload that drifts from its published schema fails a test.
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { eventSchemasDir } from '../../scripts/lib/event-schemas.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
const validators = new Map(
  readdirSync(eventSchemasDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.replace(/\.json$/, ''), ajv.compile(JSON.parse(readFileSync(`${eventSchemasDir}/${f}`, 'utf8')))]),
);

/** The schema errors of `event` ([] when it is valid); an unknown type is an error too. */
export function eventSchemaErrors(event: { type: string }): string[] {
  const validate = validators.get(event.type);
  if (!validate) return [`no schema for event type ${event.type}`];
  return validate(event) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
