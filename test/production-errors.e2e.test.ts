// In production no error message suggests a name from the schema ("Did you mean ...?"): not the
// validation errors Apollo's hideSchemaDetailsFromClientErrors already cleans, and not the variable
// coercion errors it leaves alone (a misspelt enum value or input field in the variables), whose
// message still says what was wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support/stack.js';

let production: TestStack;

beforeAll(async () => {
  production = await startTestStack({ enrollees: 3, system: { production: true, sandbox: false } });
});
afterAll(() => production?.close());

const MISSPELT: { what: string; query: string; variables?: Record<string, unknown>; stillSays: RegExp }[] = [
  { what: 'a field', query: '{ enrolees(first: 1) { totalCount } }', stillSays: /Cannot query field "enrolees"/ },
  { what: 'an argument', query: '{ enrollees(frist: 1) { totalCount } }', stillSays: /Unknown argument "frist"/ },
  { what: 'an enum literal', query: '{ enrollees(filter: { status: ACTIVEE }) { totalCount } }', stillSays: /ACTIVEE/ },
  { what: 'an enum value in the variables', query: 'query($f: EnrolleeFilter) { enrollees(filter: $f) { totalCount } }', variables: { f: { status: 'ACTIVEE' } }, stillSays: /Variable "\$f" got invalid value/ },
  { what: 'an input field in the variables', query: 'query($f: EnrolleeFilter) { enrollees(filter: $f) { totalCount } }', variables: { f: { fieldOfice: 'NYC' } }, stillSays: /"fieldOfice" is not defined/ },
  { what: 'a type in a variable definition', query: 'query($f: EnroleeFilter) { enrollees(filter: $f) { totalCount } }', stillSays: /Unknown type "EnroleeFilter"/ },
];

describe('error messages in production', () => {
  for (const { what, query, variables, stillSays } of MISSPELT) {
    it(`suggest nothing for a misspelt ${what.replace(/^an? /, '')}, and still say what was wrong`, async () => {
      const { body } = await production.gql(query, variables, production.keys.staff);
      expect(body.errors?.length).toBeGreaterThan(0);
      const messages = body.errors!.map((e) => e.message).join('\n');
      expect(messages).toMatch(stillSays);
      expect(messages).not.toMatch(/Did you mean/i);
    });
  }
});
