// What the logs hold, over a representative session through the real gateway, captured in memory at
// debug level: reads (headline, caseload, personal fields), each domain's mutation, refused
// requests, a subgraph outage and an internal failure. No seeded name or A-number may appear
// anywhere, and every line written while serving a request carries that request's id, in the
// gateway and in each subgraph it called.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureLogging } from '../kit/observability/log.js';
import { startTestStack, type GraphQLResponse, type TestStack } from './support/stack.js';

const operation = (name: string) => readFileSync(new URL(`../gateway/operations/${name}.graphql`, import.meta.url), 'utf8');
const DAY = 86_400_000;

interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  service?: string;
  [field: string]: unknown;
}

const captured: string[] = [];
let stack: TestStack;
/** x-request-id of every request the session sent, with what each was, for failure messages. */
const requests = new Map<string, string>();
let sessionLines: LogLine[] = [];

async function send(label: string, query: string, variables: Record<string, unknown> = {}, key: string | null = stack.keys.admin) {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const requestId = response.headers.get('x-request-id');
  expect(requestId, label).toBeTruthy();
  requests.set(requestId!, label);
  return { status: response.status, requestId, body: (await response.json()) as GraphQLResponse['body'] };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(async () => {
  configureLogging({ level: 'debug', destination: { write: (line: string) => void captured.push(line) } });
  stack = await startTestStack({ enrollees: 30 });
  const startedAt = captured.length;

  const [person] = await stack.sql<{ a_number: string; id: string }>(`
    select e.a_number, e.id from enrollment.enrollees e
    join enrollment.enrollments en on en.enrollee_id = e.id and en.is_current and en.status = 'ACTIVE'
    order by e.a_number limit 1`);
  const [openCase] = await stack.sql<{ id: string }>(`select id from docket.cases where status = 'PENDING' order by id limit 1`);
  const [unrepresented] = await stack.sql<{ a_number: string }>(`
    select e.a_number from enrollment.enrollees e
    where not exists (select 1 from legal.representations r where r.a_number = e.a_number and r.withdrawn_at is null)
    order by e.a_number limit 1`);
  const [representative] = await stack.sql<{ id: string }>(`select id from legal.representatives order by id limit 1`);

  // Reads across all four domains, personal fields included (audited reads).
  expect((await send('headline', operation('headline'), { aNumber: person!.a_number })).body.errors).toBeUndefined();
  expect((await send('caseload', operation('caseload'), { first: 20 })).body.errors).toBeUndefined();
  await send('personal fields', `query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { phone dateOfBirth address { line1 city } checkIns(first: 2) { edges { node { location { latitude } } } } } }`, { a: person!.a_number });

  // Each domain's mutation.
  const fresh = `A9${String(Date.now() % 1e8).padStart(8, '0')}`;
  const enrolled = await send('enroll', `mutation($input: EnrollInput!) { enroll(input: $input) { id enrollee { id } } }`, {
    input: { aNumber: fresh, givenName: 'Quenby', familyName: 'Zarathustra', fieldOfficeCode: 'ATL', technology: 'SMARTLINK', checkInCadence: 'WEEKLY', phone: '+12025550143', startedAt: new Date(Date.now() - 7 * DAY - 3_600_000).toISOString() },
  });
  expect(enrolled.body.errors).toBeUndefined();
  const checkedIn = await send('recordCheckIn', `mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { id outcome } }`, {
    input: { idempotencyKey: randomUUID(), enrolleeId: enrolled.body.data.enroll.enrollee.id, method: 'APP_PHOTO', identityVerification: 'MATCHED', location: { latitude: 33.749, longitude: -84.388 } },
  });
  expect(checkedIn.body.errors).toBeUndefined();
  const scheduled = await send('scheduleHearing', `mutation($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id respondent { familyName } } }`, {
    input: { caseId: openCase!.id, scheduledAt: new Date(Date.now() + 60 * DAY).toISOString(), calendar: 'MASTER', medium: 'VIDEO' },
  });
  expect(scheduled.body.errors).toBeUndefined();
  const filed = await send('fileRepresentation', `mutation($input: FileRepresentationInput!) { fileRepresentation(input: $input) { id client { givenName } } }`, {
    input: { aNumber: unrepresented!.a_number, representativeId: representative!.id, form: 'G_28', scope: 'ALL_PROCEEDINGS' },
  });
  expect(filed.body.errors).toBeUndefined();

  // Refusals: bad input naming a person, a field the key may not read, no key at all.
  expect((await send('bad A-number', `{ enrolleeByANumber(aNumber: "A12") { id } }`)).body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect((await send('forbidden', `query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { phone } }`, { a: person!.a_number }, stack.keys.developer)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect((await send('no key', `{ __typename }`, {}, null)).status).toBe(401);

  // A subgraph outage, then an internal failure: the legal tables vanish under a running query.
  await stack.subgraphs.legal!.stop();
  expect((await send('legal down', operation('headline'), { aNumber: person!.a_number })).body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
  await stack.restartSubgraph('legal');
  await stack.sql('alter table legal.representations rename to representations_moved');
  try {
    const broken = await send('internal failure', operation('headline'), { aNumber: person!.a_number });
    const internal = broken.body.errors?.find((error) => error.extensions?.code === 'INTERNAL_SERVER_ERROR');
    // The client can quote the id that finds these log lines.
    expect(internal).toMatchObject({ message: 'Internal server error', extensions: { requestId: broken.requestId } });
  } finally {
    await stack.sql('alter table legal.representations_moved rename to representations');
  }
  sessionLines = captured.slice(startedAt).map((line) => JSON.parse(line) as LogLine);
});
afterAll(async () => {
  await stack?.close();
  configureLogging({});
});

describe('the logs of a representative session', () => {
  it('were written: requests at info, subgraph fetches at debug, the failures at warn and error', () => {
    const messages = new Set(sessionLines.map((line) => `${line.level} ${line.msg}`));
    for (const expected of ['info request completed', 'debug subgraph fetch', 'warn subgraph unavailable', 'error resolver failed']) expect(messages).toContain(expected);
  });

  it("include Apollo's own messages as structured lines, not console output", () => {
    const apollo = captured.map((line) => JSON.parse(line) as LogLine).filter((line) => line.source === 'apollo');
    expect(apollo.map((line) => line.msg)).toContainEqual(expect.stringMatching(/^Gateway successfully loaded schema/));
  });

  it('hold no seeded given name, family name or A-number, nor those of the person enrolled', async () => {
    const people = await stack.sql<{ given_name: string; family_name: string; a_number: string }>('select given_name, family_name, a_number from enrollment.enrollees');
    expect(people.length).toBeGreaterThan(30);
    const text = captured.join('');
    const leaks = people.flatMap((p) => [p.given_name, ...p.family_name.split(' '), p.a_number, p.a_number.slice(1)]).filter((value) => new RegExp(`(^|[^\\p{L}\\d])${escapeRegExp(value)}($|[^\\p{L}\\d])`, 'u').test(text));
    expect(leaks).toEqual([]);
    expect(text).not.toContain('+12025550143');
  });

  it('carry, on every line written while serving, the id of the request it served, in the gateway and the subgraphs', () => {
    for (const line of sessionLines) expect(requests.has(line.requestId ?? ''), `${line.msg} ${line.service ?? ''}`).toBe(true);
    for (const [requestId, label] of requests) {
      const services = new Set(sessionLines.filter((line) => line.requestId === requestId).map((line) => line.service));
      expect(services.has('gateway'), label).toBe(true);
      // Every request but the refused ones reached at least one subgraph, under the same id. The
      // forbidden one asks for nothing the developer key may see: the gateway answers it before planning.
      if (!['no key', 'bad A-number', 'forbidden'].includes(label)) expect([...services].some((service) => service && service !== 'gateway'), label).toBe(true);
    }
  });
});
