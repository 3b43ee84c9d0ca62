// Fuzzed input through the real gateway with a valid key: malformed documents, wrong-typed and
// oversized variables, unknown operation names, deep and wide selections, invalid scalars and odd
// request bodies. Whatever arrives, the answer is a client error or data: never a 5xx, an error
// without a code, a stack trace, SQL, or an internal address, and the system keeps answering.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support/stack.js';

const headline = readFileSync(new URL('../gateway/operations/headline.graphql', import.meta.url), 'utf8');
const caseload = readFileSync(new URL('../gateway/operations/caseload.graphql', import.meta.url), 'utf8');

let stack: TestStack;
/** A real person, so some fuzzed requests get past "not found" into the code that uses the input. */
let person: { id: string; aNumber: string };
let sent = 0;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 12 });
  const [row] = await stack.sql<{ id: string; a_number: string }>(`select e.id::text as id, e.a_number from enrollment.enrollees e
    join enrollment.enrollments en on en.enrollee_id = e.id and en.is_current and en.status = 'ACTIVE' order by e.a_number limit 1`);
  person = { id: row!.id, aNumber: row!.a_number };
});
afterAll(() => stack?.close());

// --- what no answer may contain ----------------------------------------------------------------

const STACK_TRACE = /    at /;
const SQL = [
  /\bselect\b[^.]{0,200}\bfrom\b/i,
  /\binsert\s+into\b/i,
  /\bdelete\s+from\b/i,
  /\bupdate\s+"?\w+"?(\."?\w+"?)?\s+set\b/i,
  /\bwhere\s+"?\w+"?(\."?\w+"?)?\s*(=|<|>|\bin\b|\bis\b)/i,
  /syntax error at or near|relation "|duplicate key|violates .* constraint|invalid input syntax for type/i,
];

function internalAddresses(): RegExp[] {
  const ports = Object.values(stack.subgraphs).map((s) => s.port);
  return [new RegExp(`127\\.0\\.0\\.1:(${ports.join('|')})\\b`), /localhost:\d+/i];
}

interface Request {
  body: string;
  contentType?: string;
}

/** Sends one request and checks the answer against everything a client must never see. */
async function sendAndCheck(request: Request): Promise<void> {
  sent++;
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': request.contentType ?? 'application/json', authorization: `Bearer ${stack.keys.admin}` },
    body: request.body,
  });
  const text = await response.text();
  const context = `status ${response.status} for ${request.body.slice(0, 300)}\n-> ${text.slice(0, 500)}`;
  expect(response.status, context).toBeLessThan(500);
  expect(text, context).not.toMatch(STACK_TRACE);
  for (const pattern of [...SQL, ...internalAddresses()]) expect(text, context).not.toMatch(pattern);
  const body = JSON.parse(text) as { data?: unknown; errors?: { message?: unknown; extensions?: { code?: unknown } }[] };
  expect('data' in body || 'errors' in body, context).toBe(true);
  for (const error of body.errors ?? []) {
    expect(typeof error.message, context).toBe('string');
    expect(typeof error.extensions?.code, context).toBe('string');
    // A code we did not choose means something failed that should have been refused cleanly.
    expect(error.extensions?.code, context).not.toBe('INTERNAL_SERVER_ERROR');
  }
}

const operationBody = (query: string, variables?: unknown, operationName?: unknown): Request => ({
  body: JSON.stringify({ query, ...(variables === undefined ? {} : { variables }), ...(operationName === undefined ? {} : { operationName }) }),
});

const run = <T>(arbitrary: fc.Arbitrary<T>, toRequest: (value: T) => Request, numRuns: number) =>
  fc.assert(fc.asyncProperty(arbitrary, (value) => sendAndCheck(toRequest(value))), { numRuns });

// --- generators ---------------------------------------------------------------------------------

/** Strings of every kind: printable, any code point, long, and JSON-hostile ones. */
const anyString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.nat({ max: 200_000 }).map((n) => 'A'.repeat(n)),
  fc.constantFrom('', ' ', '\u0000', '\ud800', '%s%n', '../../etc/passwd', "'; --", 'null', '{}', '[]'),
);
/** Any JSON value, including deeply nested ones. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  anyString,
  fc.integer({ min: 1, max: 3_000 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
  fc.nat({ max: 3_000 }).map((depth) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)) as unknown),
  fc.double(),
  fc.constantFrom(null, true, false, 0, -1, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308),
);

const TOKENS = ['{', '}', '(', ')', '[', ']', ':', '$', '@', '...', '!', '=', '|', ',', 'query', 'mutation', 'subscription', 'fragment', 'on',
  'enrollees', 'enrollee', 'first', 'after', 'id', 'aNumber', 'edges', 'node', '"x"', '"""block"""', '1', '-0', '1.5e3', '__typename',
  '__schema', '#comment\n', 'true', 'null', '\\u0000', '\u00a0', 'Int', 'ANumber!', '$a', '@skip(if: true)'];

const malformedDocument = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 200 }).map((tokens) => tokens.join(' ')),
  // A canonical operation with a slice cut out, something spliced in, or both.
  fc.record({ source: fc.constantFrom(headline, caseload), at: fc.nat(), cut: fc.nat({ max: 40 }), insert: fc.string({ unit: 'binary', maxLength: 10 }) }).map(
    ({ source, at, cut, insert }) => {
      const i = at % source.length;
      return source.slice(0, i) + insert + source.slice(i + cut);
    },
  ),
);

const OPERATIONS_WITH_VARIABLES = [
  headline,
  caseload,
  'query($id: UUID!) { enrollee(id: $id) { id aNumber } }',
  'query($first: Int, $after: String, $filter: EnrolleeFilter) { enrollees(first: $first, after: $after, filter: $filter) { totalCount edges { cursor } } }',
  'query($code: String!, $date: Date!, $first: Int) { courtCalendar(courtCode: $code, date: $date, first: $first) { totalCount } }',
  'mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { id outcome } }',
  'mutation($input: EnrollInput!) { enroll(input: $input) { id } }',
];

/** A selection nested `depth` deep and `width` wide, with an occasional fragment. */
const deepOrWide = fc
  .record({ depth: fc.nat({ max: 40 }), width: fc.integer({ min: 1, max: 60 }), first: fc.integer({ min: -5, max: 150 }), inner: fc.integer({ min: -5, max: 150 }), fragment: fc.boolean() })
  .map(({ depth, width, first, inner, fragment }) => {
    const leaves = Array.from({ length: width }, (_, i) => `f${i}: ${['id', 'aNumber', 'familyName', '__typename'][i % 4]}`).join(' ');
    const nested = `${'currentEnrollment { enrollee { '.repeat(depth)}${leaves} checkIns(first: ${inner}) { totalCount }${' } }'.repeat(depth)}`;
    return fragment
      ? `{ enrollees(first: ${first}) { edges { node { ...P } } } } fragment P on Enrollee { ${nested} }`
      : `{ enrollees(first: ${first}) { edges { node { ${nested} } } } }`;
  });

const nearANumber = fc.oneof(anyString, fc.stringMatching(/^[Aa]?[- ]?\d{1,12}$/), fc.stringMatching(/^A-?\d{3}-?\d{3}-?\d{2,4}$/), fc.integer(), fc.constantFrom('A000000000', 'A999999999', 'a-12345678'));
const nearUuid = fc.oneof(anyString, fc.uuid(), fc.uuid().map((u) => u.toUpperCase()), fc.uuid().map((u) => u.slice(1)), fc.uuid().map((u) => u.replace(/-/g, '')), fc.stringMatching(/^[0-9a-g]{8}-[0-9a-g]{4}-[0-9a-g]{4}-[0-9a-g]{4}-[0-9a-g]{12}$/));
const nearDate = fc.oneof(anyString, fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/), fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString().slice(0, 10))), fc.integer());
const nearDateTime = fc.oneof(anyString, fc.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.integer());
const coordinate = fc.oneof(fc.double(), fc.double({ min: -181, max: 181 }), anyString, fc.constantFrom(null, 90, -90, 180, -180, 90.0000001, 1e309));

/** recordCheckIn with a real or random person, and every field of it fuzzed in turn. */
const checkInInput = fc.record({
  idempotencyKey: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{8,128}$/), anyString),
  enrolleeId: fc.oneof(fc.constant('PERSON'), nearUuid),
  method: fc.oneof(fc.constantFrom('APP_PHOTO', 'VOICE', 'OFFICE_VISIT', 'HOME_VISIT'), anyString),
  identityVerification: fc.oneof(fc.constantFrom('MATCHED', 'NOT_MATCHED', 'NOT_ATTEMPTED'), anyString),
  location: fc.option(fc.record({ latitude: coordinate, longitude: coordinate, accuracyMeters: fc.option(fc.oneof(fc.double(), anyString)) })),
  submittedAt: fc.option(nearDateTime),
});

// --- the properties -----------------------------------------------------------------------------

describe('fuzzed requests through the gateway', () => {
  it('malformed documents', () => run(malformedDocument, (query) => operationBody(query), 500));

  it('wrong-typed and oversized variables', () =>
    run(fc.record({ query: fc.constantFrom(...OPERATIONS_WITH_VARIABLES), variables: fc.oneof(anyJson, fc.dictionary(fc.constantFrom('aNumber', 'first', 'after', 'filter', 'id', 'input', 'code', 'date'), anyJson)) }), ({ query, variables }) => operationBody(query, variables), 400));

  it('unknown and ill-typed operation names', () =>
    run(fc.oneof(anyString, fc.constantFrom('A', 'B', 'a'), anyJson), (operationName) => operationBody('query A { __typename } query B { enrollees(first: 1) { totalCount } }', undefined, operationName), 150));

  it('deep and wide selections', () => run(deepOrWide, (query) => operationBody(query), 250));

  it('invalid scalars, as variables and as literals', () =>
    run(
      fc.oneof(
        nearANumber.map((v) => operationBody('query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { id } }', { a: v })),
        nearANumber.filter((v) => typeof v === 'string').map((v) => operationBody(`{ enrolleeByANumber(aNumber: ${JSON.stringify(v)}) { id } }`)),
        nearUuid.map((v) => operationBody('query($id: UUID!) { enrollee(id: $id) { id } }', { id: v })),
        nearUuid.map((v) => operationBody(`{ hearing(id: ${JSON.stringify(v)}) { id } }`)),
        nearDate.map((v) => operationBody('query($d: Date!) { courtCalendar(courtCode: "NYC", date: $d, first: 5) { totalCount } }', { d: v })),
        fc.record({ lat: coordinate, long: coordinate }).map(({ lat, long }) => operationBody(`mutation { recordCheckIn(input: { idempotencyKey: "fuzz-literal-coords", enrolleeId: "${person.id}", method: APP_PHOTO, identityVerification: MATCHED, location: { latitude: ${String(lat)}, longitude: ${String(long)} } }) { id } }`)),
        checkInInput.map((input) => operationBody('mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { id outcome } }', { input: { ...input, enrolleeId: input.enrolleeId === 'PERSON' ? person.id : input.enrolleeId } })),
      ),
      (request) => request,
      550,
    ));

  it('request bodies of any shape and content type', () =>
    run(
      fc.oneof(
        anyJson.map((value) => ({ body: JSON.stringify(value) ?? 'undefined' })),
        fc.record({ query: anyJson, variables: anyJson, extensions: anyJson, operationName: anyJson }).map((value) => ({ body: JSON.stringify(value) })),
        fc.string({ unit: 'binary', maxLength: 200 }).map((body) => ({ body })),
        fc.record({ body: fc.constant(JSON.stringify({ query: '{ __typename }' })), contentType: fc.constantFrom('application/json; charset=latin1', 'application/graphql', 'application/json, text/html', 'application/x-json', '*/*', 'application/json;;;') }),
      ),
      (request) => request,
      250,
    ));

  it('still answers a normal query afterwards, having been sent thousands of fuzzed requests', async () => {
    expect(sent).toBeGreaterThanOrEqual(2000);
    const { status, body } = await stack.gql(headline, { aNumber: person.aNumber });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.enrolleeByANumber.aNumber).toBe(person.aNumber);
  });
});
