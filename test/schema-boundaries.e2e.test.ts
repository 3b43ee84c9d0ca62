// No domain reads another's tables: every SQL statement each subgraph sends during an end-to-end
// session (its requests, its mutations, its relay and consumers) is captured at the driver and
// scanned for a reference to another domain's schema. Separate databases could not answer one.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CapturedStatement } from '../kit/database/db.js';
import { startTestStack, type TestStack } from './support/stack.js';

const SCHEMAS = ['enrollment', 'checkin', 'docket', 'legal', 'worklist', 'outcomes', 'alerts', 'gateway'] as const;
type Owner = (typeof SCHEMAS)[number];
const operation = (name: string) => readFileSync(new URL(`../gateway/operations/${name}.graphql`, import.meta.url), 'utf8');
const DAY = 86_400_000;

let stack: TestStack;
const captured = Object.fromEntries(SCHEMAS.map((s) => [s, []])) as unknown as Record<Owner, CapturedStatement[]>;

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 30 });
  for (const owner of SCHEMAS) {
    stack.statements[owner]!.log = captured[owner];
    if (owner !== 'gateway') stack.eventStatements[owner]!.log = captured[owner];
  }
});
afterAll(() => stack?.close());

/** Schema-qualified names in a statement: `legal.x`, `"legal"."x"`, `legal."x"`. */
function schemasNamedIn(text: string): Set<string> {
  const named = new Set<string>();
  for (const match of text.matchAll(/(?<![\w."])"?([a-z_]+)"?\s*\.\s*"?[a-z_]/g)) {
    if ((SCHEMAS as readonly string[]).includes(match[1]!)) named.add(match[1]!);
  }
  return named;
}

async function until(probe: () => Promise<boolean>, ms = 3_000): Promise<void> {
  const started = Date.now();
  while (!(await probe())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function ok(query: string, variables: Record<string, unknown>, key?: string) {
  const { body } = await stack.gql(query, variables, key);
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data;
}

it('finds no statement of any subgraph naming another domain\'s schema, across reads, writes and event delivery', async () => {
  const [org] = await stack.sql<{ org: string; rep: string }>(`select o.id as org, r.id as rep from legal.organizations o join legal.representatives r on r.organization_id = o.id order by o.id limit 1`);
  const partnerKey = await stack.createKey({ name: 'boundaries partner', kind: 'partner', organizationId: org!.org });
  const [person] = await stack.sql<{ a: string; court: string }>(`select a_number as a, court_code as court from docket.cases order by id limit 1`);
  const today = new Date().toISOString().slice(0, 10);

  // Reads, as staff and as a partner (whose filters read each domain's copy of the client list).
  for (const key of [undefined, partnerKey]) {
    await ok(operation('caseload'), { first: 20 }, key);
    await ok(operation('headline'), { aNumber: person!.a }, key);
    await ok(operation('dashboard'), { aNumber: person!.a }, key);
    await ok(operation('courtCalendar'), { courtCode: person!.court, date: today }, key);
    await ok(`{ supervisionOutcomes(groupBy: [FIELD_OFFICE, REPRESENTATION]) { rows { fieldOfficeCode cost { people } } } }`, {}, key);
    await ok(`{ viewer { webhookEndpoints { edges { node { id deliveries { edges { node { id } } } } } } } }`, {}, key);
  }
  // Writes in every domain, and the events they send to the other domains' copies.
  const aNumber = `A8${String(Date.now()).slice(-8)}`;
  const { enroll } = await ok(`mutation($input: EnrollInput!) { enroll(input: $input) { id enrollee { id } } }`, {
    input: { aNumber, givenName: 'Bo', familyName: 'Boundary', fieldOfficeCode: 'CHI', technology: 'SMARTLINK', checkInCadence: 'WEEKLY', startedAt: new Date(Date.now() - 8.5 * DAY).toISOString() },
  });
  await until(async () => (await stack.sql(`select 1 from checkin.supervision_terms where enrollee_id = '${enroll.enrollee.id}'`)).length > 0);
  await ok(`mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { id } }`, {
    input: { idempotencyKey: randomUUID(), enrolleeId: enroll.enrollee.id, method: 'APP_PHOTO', identityVerification: 'MATCHED' },
  });
  await ok(`mutation($input: ChangeSupervisionInput!) { changeSupervision(input: $input) { id } }`, { input: { enrollmentId: enroll.id, technology: 'VOICE_ID' } });
  const [pending] = await stack.sql<{ id: string; a: string }>(`select id, a_number as a from docket.cases where status = 'PENDING' order by id limit 1`);
  await ok(`mutation($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id } }`, {
    input: { caseId: pending!.id, scheduledAt: new Date(Date.now() + 30 * DAY).toISOString(), calendar: 'MASTER', medium: 'IN_PERSON' },
  });
  const { fileRepresentation } = await ok(`mutation($input: FileRepresentationInput!) { fileRepresentation(input: $input) { id } }`, {
    input: { aNumber: pending!.a, caseId: pending!.id, representativeId: org!.rep, form: 'EOIR_28', scope: 'ALL_PROCEEDINGS', isPrimary: false },
  });
  await ok(`mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id } }`, { input: { representationId: fileRepresentation.id, reason: 'Done' } });
  const outboxEnd = Number((await stack.sql<{ n: string }>(`select max(sequence) as n from legal.outbox`))[0]!.n);
  await until(async () => Number((await stack.sql<{ n: string }>(`select min(sequence) as n from checkin.consumer_offsets where source = 'legal'`))[0]!.n) === outboxEnd);
  await until(async () => Number((await stack.sql<{ n: string }>(`select min(sequence) as n from outcomes.consumer_offsets where source = 'legal'`))[0]?.n) === outboxEnd);

  const crossings: string[] = [];
  for (const owner of SCHEMAS) {
    expect(captured[owner].length, `${owner} sent statements`).toBeGreaterThan(0);
    for (const { text } of captured[owner]) {
      const foreign = [...schemasNamedIn(text)].filter((schema) => schema !== owner);
      if (foreign.length) crossings.push(`${owner} -> ${foreign.join(', ')}: ${text.slice(0, 200)}`);
    }
  }
  expect(crossings).toEqual([]);
  // The scan sees schema names at all: each subgraph's own statements name its own schema.
  for (const owner of SCHEMAS) expect(captured[owner].some(({ text }) => schemasNamedIn(text).has(owner)), owner).toBe(true);
});
