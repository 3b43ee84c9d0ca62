// Who may see and do what, over HTTP through the gateway: API keys authenticate, scopes gate fields,
// a partner sees only its own clients, subgraphs answer only the gateway's signed identity, reads of
// sensitive fields leave a trail, and production hides the schema from keys without schema:read.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeKey } from '../gateway/auth/api-keys.js';
import { SCOPES, type Caller } from '../kit/identity/caller.js';
import { subgraphDb } from '../kit/database/db.js';
import { generateHopKeys, HOP_HEADER, signHopToken, type HopKeys } from '../kit/identity/hop-token.js';
import { startTestStack, type GraphQLResponse, type TestStack } from './support/stack.js';

type CallerName = 'staff' | 'developer' | 'partner' | 'admin';

let stack: TestStack;
/** The stack runs on keys this file generated, so it can sign (and mis-sign) hop tokens itself. */
let hopKeys: HopKeys;
let partnerKey: string;
/** The legal organisation with the most active clients: the partner key speaks for it. */
let partnerOrg: string;
/** A-numbers the partner organisation actively represents (any, with or without an enrollee row). */
let clientANumbers: Set<string>;
/** A client of the partner with check-ins that carry a location: every caller reads this person. */
let subject: { id: string; aNumber: string; locatedIndex: number };

const keyId = (key: string) => key.split('_')[1]!;
const keyOf = (caller: CallerName) => (caller === 'partner' ? partnerKey : stack.keys[caller]);
const ZERO_UUID = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  hopKeys = await generateHopKeys();
  stack = await startTestStack({ enrollees: 120, system: { hopKeys } });
  const [org] = await stack.sql<{ id: string }>(`
    select organization_id::text as id from legal.representations
    where withdrawn_at is null and organization_id is not null
    group by organization_id order by count(distinct a_number) desc, organization_id limit 1`);
  partnerOrg = org!.id;
  partnerKey = await stack.createKey({ name: 'test partner', kind: 'partner', organizationId: partnerOrg });
  clientANumbers = new Set(
    (await stack.sql<{ a: string }>(`select distinct a_number as a from legal.representations where withdrawn_at is null and organization_id = '${partnerOrg}'`)).map((r) => r.a),
  );
  // Clients with a recorded location, most recently located first; the admin key finds one whose
  // newest five windows include a located check-in (and at which index).
  const candidates = await stack.sql<{ id: string; a_number: string }>(`
    with ${await clientsCte()}, people as (select distinct enrollee_id, a_number from checkin.supervision_terms)
    select p.enrollee_id::text as id, p.a_number from checkin.check_ins c join people p on p.enrollee_id = c.enrollee_id
    where c.latitude is not null and p.a_number in (select a_number from clients)
    group by p.enrollee_id, p.a_number order by max(c.submitted_at) desc, p.a_number`);
  if (!candidates.length) throw new Error('seed produced no client of the partner organisation with a located check-in');
  subject = { id: candidates[0]!.id, aNumber: candidates[0]!.a_number, locatedIndex: 0 };
  for (const candidate of candidates) {
    const { body } = await stack.gql(`query($id: UUID!) { enrollee(id: $id) { checkIns(first: 5) { edges { node { location { latitude } } } } } }`, { id: candidate.id });
    const edges: { node: { location: unknown } }[] = body.data?.enrollee?.checkIns?.edges ?? [];
    const index = edges.findIndex((e) => e.node.location);
    if (index >= 0) {
      subject = { id: candidate.id, aNumber: candidate.a_number, locatedIndex: index };
      break;
    }
  }
});
afterAll(() => stack?.close());

/**
 * `clients as (…)`: the partner organisation's clients as legal records them now, for fixture
 * statements in another domain (each domain may be a database of its own: nothing is joined across).
 */
async function clientsCte(): Promise<string> {
  const rows = await stack.sql<{ a: string }>(`select distinct a_number as a from legal.representations where withdrawn_at is null and organization_id = '${partnerOrg}'`);
  return `clients as (select unnest(array[${rows.map((r) => `'${r.a}'`).join(', ')}]::text[]) as a_number)`;
}

describe('authentication', () => {
  const PROBE = `{ fieldOffices { code } }`;

  it('refuses a request without a key with 401 UNAUTHENTICATED saying how to send one', async () => {
    const { status, body } = await stack.gql(PROBE, undefined, null);
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0]?.message).toContain('API key');
    expect(body.errors?.[0]?.message).toContain('Authorization');
  });

  it.each([
    ['malformed', () => 'sgk_nope'],
    ['well-formed but unknown', () => `sgk_${randomBytes(8).toString('hex')}_${randomBytes(32).toString('base64url')}`],
  ])('refuses a %s key with 401 UNAUTHENTICATED', async (_label, key) => {
    const { status, body } = await stack.gql(PROBE, undefined, key());
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  // The gateway hears a revocation by NOTIFY, which follows the commit (gateway/auth/key-cache.ts),
  // so a request sent the instant revokeKey returns may still pass once; on a loaded CI machine that
  // happened. What is promised: refused within moments, far inside the cache's 30 s TTL (so a cache
  // that never heard the revocation fails this), and refused on every request after.
  it('refuses a revoked key within moments, though it worked (from the cache) a moment before', async () => {
    const key = await stack.createKey({ name: 'soon revoked', kind: 'developer' });
    const before = await stack.gql(PROBE, undefined, key);
    expect(before.status).toBe(200);
    expect(before.body.errors).toBeUndefined();
    expect((await stack.gql(PROBE, undefined, key)).status).toBe(200);
    expect(await revokeKey(subgraphDb(stack.database.databases.of('gateway')), keyId(key))).toBe(true);
    await expect.poll(async () => (await stack.gql(PROBE, undefined, key)).status, { timeout: 2_000, interval: 20 }).toBe(401);
    const after = await stack.gql(PROBE, undefined, key);
    expect(after.status).toBe(401);
    expect(after.body.data ?? null).toBeNull();
    expect(after.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('records when a key was last used', async () => {
    const key = await stack.createKey({ name: 'last use', kind: 'developer' });
    const lastUsed = async () => (await stack.sql<{ t: Date | null }>(`select last_used_at as t from gateway.api_keys where id = '${keyId(key)}'`))[0]!.t;
    expect(await lastUsed()).toBeNull();
    expect((await stack.gql(PROBE, undefined, key)).status).toBe(200);
    // Recording last use never holds up the request, so it may land a moment after the response.
    let seen: Date | null = null;
    for (let attempt = 0; attempt < 20 && !seen; attempt++) {
      seen = await lastUsed();
      if (!seen) await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen).not.toBeNull();
  });
});

// Scopes field by field: test/authorization-matrix.e2e.test.ts, generated from the directives.

describe('partner isolation', () => {
  const BY_A_NUMBER = `query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { id familyName } }`;
  /** A seeded person the partner organisation does not represent. */
  let outsider: { id: string; aNumber: string };

  beforeAll(async () => {
    const withHearings = new Set((await stack.sql<{ a: string }>('select distinct a_number as a from docket.hearings')).map((r) => r.a));
    const people = await stack.sql<{ id: string; a_number: string }>(`
      with ${await clientsCte()}
      select e.id::text as id, e.a_number from enrollment.enrollees e
      where e.a_number not in (select a_number from clients)
      order by e.a_number`);
    const row = people.find((p) => withHearings.has(p.a_number));
    outsider = { id: row!.id, aNumber: row!.a_number };
  });

  it('sees its own client', async () => {
    const { body } = await stack.gql(BY_A_NUMBER, { a: subject.aNumber }, partnerKey);
    expect(body.errors).toBeUndefined();
    expect(body.data.enrolleeByANumber).toEqual({ id: subject.id, familyName: expect.any(String) });
  });

  it('gets null, no error, for a person it does not represent, by id and by A-number', async () => {
    const byId = await stack.gql(`query($id: UUID!) { enrollee(id: $id) { id familyName } }`, { id: outsider.id }, partnerKey);
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body.data).toEqual({ enrollee: null });
    const byANumber = await stack.gql(BY_A_NUMBER, { a: outsider.aNumber }, partnerKey);
    expect(byANumber.body.errors).toBeUndefined();
    expect(byANumber.body.data).toEqual({ enrolleeByANumber: null });
    // The admin sees the same person: the null is the partner's view, not a missing record.
    expect((await stack.gql(BY_A_NUMBER, { a: outsider.aNumber })).body.data.enrolleeByANumber?.id).toBe(outsider.id);
  });

  it('cannot tell a non-client from an A-number that does not exist', async () => {
    const outsiderResponse = await stack.gql(BY_A_NUMBER, { a: outsider.aNumber }, partnerKey);
    const nobody = await stack.gql(BY_A_NUMBER, { a: 'A999999998' }, partnerKey);
    expect(outsiderResponse.status).toBe(nobody.status);
    expect(outsiderResponse.body).toEqual(nobody.body);
  });

  it('lists only its clients in enrollees, and counts only them', async () => {
    const [count] = await stack.sql<{ n: number }>(`
      with ${await clientsCte()}
      select count(distinct e.a_number)::int as n from enrollment.enrollees e where e.a_number in (select a_number from clients)`);
    const { body } = await stack.gql(`{ enrollees(first: 100) { totalCount edges { node { aNumber } } } }`, undefined, partnerKey);
    expect(body.errors).toBeUndefined();
    const aNumbers: string[] = body.data.enrollees.edges.map((e: { node: { aNumber: string } }) => e.node.aNumber);
    expect(aNumbers.length).toBeGreaterThan(0);
    expect(aNumbers.filter((a) => !clientANumbers.has(a))).toEqual([]);
    expect(body.data.enrollees.totalCount).toBe(count!.n);
    expect(aNumbers).toHaveLength(count!.n);
  });

  /**
   * A court and day with hearings of both a client and a non-client: one from the seed if it has
   * such a day, otherwise made by scheduling a hearing on a pending case of each at one court.
   */
  async function mixedCourtDay(): Promise<{ court: string; day: string }> {
    const [seeded] = await stack.sql<{ court: string; day: string }>(`
      with ${await clientsCte()}
      select h.court_code as court, to_char((h.scheduled_at at time zone c.time_zone)::date, 'YYYY-MM-DD') as day
      from docket.hearings h join docket.courts c on c.code = h.court_code
      group by 1, 2
      having count(*) filter (where h.a_number in (select a_number from clients)) > 0
         and count(*) filter (where h.a_number not in (select a_number from clients)) > 0
      order by count(*) filter (where h.a_number in (select a_number from clients)) desc, 1, 2 limit 1`);
    if (seeded) return seeded;
    const [cases] = await stack.sql<{ client_case: string; other_case: string }>(`
      with ${await clientsCte()}
      select min(c.id::text) filter (where c.a_number in (select a_number from clients)) as client_case,
             min(c.id::text) filter (where c.a_number not in (select a_number from clients)) as other_case
      from docket.cases c where c.status = 'PENDING'
      group by c.court_code
      having count(*) filter (where c.a_number in (select a_number from clients)) > 0
         and count(*) filter (where c.a_number not in (select a_number from clients)) > 0
      order by c.court_code limit 1`);
    if (!cases) throw new Error('seed has no court with pending cases of both a client and a non-client');
    const start = Math.floor((Date.now() + 30 * 24 * 3_600_000) / 86_400_000) * 86_400_000 + 16 * 3_600_000;
    const scheduled = [];
    for (const [index, caseId] of [cases.client_case, cases.other_case].entries()) {
      const { body } = await stack.gql(
        `mutation($input: ScheduleHearingInput!) { scheduleHearing(input: $input) { id localDate court { code } } }`,
        { input: { caseId, scheduledAt: new Date(start + index * 30 * 60_000).toISOString(), calendar: 'MASTER', medium: 'IN_PERSON' } },
        stack.keys.admin,
      );
      expect(body.errors).toBeUndefined();
      const { localDate, court } = body.data.scheduleHearing as { localDate: string; court: { code: string } };
      scheduled.push({ localDate, court });
    }
    expect(scheduled[1]).toEqual(scheduled[0]);
    return { court: scheduled[0]!.court.code, day: scheduled[0]!.localDate };
  }

  it("shows only its clients' hearings on a court calendar, and counts only them", async () => {
    const day = await mixedCourtDay();
    const CALENDAR = `query($c: String!, $d: Date!) { courtCalendar(courtCode: $c, date: $d, first: 100) { totalCount edges { node { id respondent { aNumber } } } } }`;
    type Calendar = { totalCount: number; edges: { node: { id: string; respondent: { aNumber: string } } }[] };
    const everyone: Calendar = (await stack.gql(CALENDAR, { c: day.court, d: day.day })).body.data.courtCalendar;
    const mine = everyone.edges.filter((e) => clientANumbers.has(e.node.respondent.aNumber)).map((e) => e.node.id);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(everyone.edges.length);
    const { body } = await stack.gql(CALENDAR, { c: day.court, d: day.day }, partnerKey);
    expect(body.errors).toBeUndefined();
    const calendar: Calendar = body.data.courtCalendar;
    expect(calendar.edges.map((e) => e.node.id)).toEqual(mine);
    expect(calendar.totalCount).toBe(mine.length);
  });

  it("gets null for a non-client's hearing and case", async () => {
    const [row] = await stack.sql<{ hearing: string; case: string }>(`select id::text as hearing, case_id::text as case from docket.hearings where a_number = '${outsider.aNumber}' limit 1`);
    const QUERY = `query($h: UUID!, $c: UUID!) { hearing(id: $h) { id } immigrationCase(id: $c) { id } }`;
    const admin = await stack.gql(QUERY, { h: row!.hearing, c: row!.case });
    expect(admin.body.data).toEqual({ hearing: { id: row!.hearing }, immigrationCase: { id: row!.case } });
    const { body } = await stack.gql(QUERY, { h: row!.hearing, c: row!.case }, partnerKey);
    expect(body.data).toEqual({ hearing: null, immigrationCase: null });
  });

  it("counts no clients for another organisation, and its own clients for its own", async () => {
    const [other] = await stack.sql<{ id: string }>(`
      select organization_id::text as id from legal.representations
      where withdrawn_at is null and organization_id is not null and organization_id <> '${partnerOrg}'
      group by organization_id order by count(*) desc limit 1`);
    const QUERY = `query($id: UUID!) { legalOrganization(id: $id) { clients { totalCount } } }`;
    expect((await stack.gql(QUERY, { id: other!.id })).body.data.legalOrganization.clients.totalCount).toBeGreaterThan(0);
    const theirs = await stack.gql(QUERY, { id: other!.id }, partnerKey);
    expect(theirs.body.data?.legalOrganization?.clients?.totalCount ?? 0).toBe(0);
    const own = await stack.gql(QUERY, { id: partnerOrg }, partnerKey);
    expect(own.body.errors).toBeUndefined();
    expect(own.body.data.legalOrganization.clients.totalCount).toBeGreaterThan(0);
  });

  it("reads its own organisation's withdrawal reasons and null for another organisation's; staff read both", async () => {
    // A client (not the subject; the last by A-number, so the next test's first stays untouched),
    // one representative of the partner's organisation and one of another, neither acting for the
    // client before DHS yet (a G-28 each, filed then withdrawn with a reason).
    const [representatives] = await stack.sql<{ own: string; other: string }>(`
      select (select r.id::text from legal.representatives r where r.organization_id = '${partnerOrg}' order by r.id limit 1) as own,
        (select r.id::text from legal.representatives r where r.organization_id <> '${partnerOrg}' order by r.id limit 1) as other`);
    const [person] = await stack.sql<{ a: string }>(`
      with ${await clientsCte()}
      select e.a_number as a from enrollment.enrollees e
      where e.a_number in (select a_number from clients) and e.id <> '${subject.id}'
      order by e.a_number desc limit 1`);
    const pick = person && representatives ? { ...person, ...representatives } : undefined;
    const reasons = new Map<string, string>();
    for (const [representativeId, reason] of [[pick!.own, 'Own organisation: conflict of interest'], [pick!.other, 'Other organisation: fee dispute']] as const) {
      const filed = await stack.gql(
        `mutation($input: FileRepresentationInput!) { fileRepresentation(input: $input) { id } }`,
        { input: { aNumber: pick!.a, representativeId, form: 'G_28', scope: 'LIMITED', isPrimary: false } },
        stack.keys.admin,
      );
      expect(filed.body.errors).toBeUndefined();
      const id: string = filed.body.data.fileRepresentation.id;
      const withdrawn = await stack.gql(
        `mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id } }`,
        { input: { representationId: id, reason } },
        stack.keys.admin,
      );
      expect(withdrawn.body.errors).toBeUndefined();
      reasons.set(id, reason);
    }
    const HISTORY = `query($a: ANumber!) { enrolleeByANumber(aNumber: $a) { representationHistory { id withdrawalReason } } }`;
    const readAs = async (key: string) => {
      const { body } = await stack.gql(HISTORY, { a: pick!.a }, key);
      expect(body.errors).toBeUndefined();
      const history: { id: string; withdrawalReason: string | null }[] = body.data.enrolleeByANumber.representationHistory;
      return new Map(history.filter((r) => reasons.has(r.id)).map((r) => [r.id, r.withdrawalReason]));
    };
    const [ownId, otherId] = [...reasons.keys()];
    expect(await readAs(partnerKey)).toEqual(new Map([[ownId, reasons.get(ownId!)], [otherId, null]]));
    expect(await readAs(stack.keys.staff)).toEqual(reasons);
  });

  it('stops seeing a person once every representation of them by the organisation is withdrawn', async () => {
    const [client] = await stack.sql<{ a_number: string }>(`
      with ${await clientsCte()}
      select e.a_number from enrollment.enrollees e
      where e.a_number in (select a_number from clients) and e.id <> '${subject.id}'
      order by e.a_number limit 1`);
    const aNumber = client!.a_number;
    expect((await stack.gql(BY_A_NUMBER, { a: aNumber }, partnerKey)).body.data?.enrolleeByANumber).not.toBeNull();
    const representations = await stack.sql<{ id: string }>(
      `select id::text as id from legal.representations where a_number = '${aNumber}' and organization_id = '${partnerOrg}' and withdrawn_at is null`,
    );
    for (const { id } of representations) {
      const { body } = await stack.gql(
        `mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id isActive } }`,
        { input: { representationId: id, reason: 'Authorization test: client released' } },
        stack.keys.admin,
      );
      expect(body.errors).toBeUndefined();
      expect(body.data.withdrawRepresentation.isActive).toBe(false);
    }
    // In process the copies have it when the mutation returns; through NATS within a second (the
    // goal; polled up to two here, loosely, on a shared machine).
    const started = Date.now();
    let after = await stack.gql(BY_A_NUMBER, { a: aNumber }, partnerKey);
    while (after.body.data?.enrolleeByANumber && Date.now() - started < 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await stack.gql(BY_A_NUMBER, { a: aNumber }, partnerKey);
    }
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data).toEqual({ enrolleeByANumber: null });
  });
});

describe('subgraphs called directly', () => {
  const SUBGRAPHS = ['enrollment', 'checkin', 'docket', 'legal'] as const;
  const everything: Caller = { kind: 'staff', id: 'authz-test', scopes: new Set(SCOPES), organizationId: null };
  /** An `_entities` request each subgraph can answer: Enrollee by the key it knows the person by. */
  const entities = (name: (typeof SUBGRAPHS)[number]) => {
    const [representation, selection] = {
      enrollment: [{ __typename: 'Enrollee', aNumber: subject.aNumber }, 'familyName'],
      checkin: [{ __typename: 'Enrollee', id: subject.id }, 'compliance { level }'],
      docket: [{ __typename: 'Enrollee', aNumber: subject.aNumber }, 'cases { id }'],
      legal: [{ __typename: 'Enrollee', aNumber: subject.aNumber }, 'isRepresented'],
    }[name] as [Record<string, string>, string];
    return { query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Enrollee { ${selection} } } }`, variables: { r: [representation] } };
  };
  const post = async (name: (typeof SUBGRAPHS)[number], payload: object, token?: string) => {
    const response = await fetch(stack.subgraphs[name]!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { [HOP_HEADER]: token } : {}) },
      body: JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse['body'] };
  };
  const probes = (name: (typeof SUBGRAPHS)[number]) => [{ query: '{ _service { sdl } }' }, entities(name)];
  const tokens: Record<string, (subgraph: string) => Promise<string | undefined>> = {
    'no token': async () => undefined,
    'a token signed by another key': async (subgraph) => signHopToken((await generateHopKeys()).privateKey, everything, subgraph),
    'an expired token signed by the right key': async (subgraph) => signHopToken(hopKeys.privateKey, everything, subgraph, { now: new Date(Date.now() - 10 * 60_000) }),
    'a garbage token': async () => 'not.a.jwt',
  };
  const REFUSALS = SUBGRAPHS.flatMap((name) => Object.keys(tokens).map((token) => ({ name, token })));

  it.each(REFUSALS)('$name refuses $token with 401 and no data', async ({ name, token }) => {
    const presented = await tokens[token]!(name);
    for (const payload of probes(name)) {
      const { status, body } = await post(name, payload, presented);
      expect(status).toBe(401);
      expect(body.data ?? null).toBeNull();
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it.each(SUBGRAPHS)('%s answers a fresh token signed by the right key', async (name) => {
    const token = await signHopToken(hopKeys.privateKey, everything, name);
    const [service, entity] = probes(name);
    const sdl = await post(name, service!, token);
    expect(sdl.status).toBe(200);
    expect(sdl.body.errors).toBeUndefined();
    expect(sdl.body.data._service.sdl).toContain('Enrollee');
    const found = await post(name, entity!, token);
    expect(found.status).toBe(200);
    expect(found.body.errors).toBeUndefined();
    expect(found.body.data._entities).toHaveLength(1);
    expect(found.body.data._entities[0]).not.toBeNull();
  });
});

describe('reads of sensitive fields are audited', () => {
  type Events = { totalCount: number; edges: { node: { operation: string; callerId: string; callerKind: string; changes: Record<string, unknown> } }[] };
  const enrollmentEvents = async (id: string): Promise<Events> =>
    (await stack.gql(`query($id: UUID!) { enrollmentAuditEvents(enrolleeId: $id, first: 5) { totalCount edges { node { operation callerId callerKind changes } } } }`, { id }, stack.keys.admin))
      .body.data.enrollmentAuditEvents;
  const checkInEvents = async (id: string): Promise<Events> =>
    (await stack.gql(`query($id: UUID!) { checkInAuditEvents(enrolleeId: $id, first: 5) { totalCount edges { node { operation callerId callerKind changes } } } }`, { id }, stack.keys.admin))
      .body.data.checkInAuditEvents;
  /** Audit events land with the read; allow a moment in case they are written just after the response. */
  const settle = async (read: () => Promise<Events>, from: number): Promise<Events> => {
    let events = await read();
    for (let attempt = 0; attempt < 20 && events.totalCount === from; attempt++) {
      await new Promise((r) => setTimeout(r, 100));
      events = await read();
    }
    return events;
  };
  /** A person other than the matrix subject, with a phone and a located check-in in their newest five windows. */
  let person: { id: string; locatedIndex: number };

  beforeAll(async () => {
    const withPhone = new Set((await stack.sql<{ id: string }>(`select id::text as id from enrollment.enrollees where phone is not null`)).map((r) => r.id));
    const candidates = (
      await stack.sql<{ id: string }>(`
      select c.enrollee_id::text as id from checkin.check_ins c
      where c.latitude is not null and c.enrollee_id <> '${subject.id}'
      group by c.enrollee_id order by max(c.submitted_at) desc, c.enrollee_id`)
    ).filter((c) => withPhone.has(c.id));
    person = { id: candidates[0]!.id, locatedIndex: 0 };
    for (const candidate of candidates) {
      const { body } = await stack.gql(`query($id: UUID!) { enrollee(id: $id) { checkIns(first: 5) { edges { node { location { latitude } } } } } }`, { id: candidate.id });
      const index = ((body.data?.enrollee?.checkIns?.edges ?? []) as { node: { location: unknown } }[]).findIndex((e) => e.node.location);
      if (index >= 0) {
        person = { id: candidate.id, locatedIndex: index };
        break;
      }
    }
  });

  it("records a staff read of a phone number: who, which fields, never the number", async () => {
    const before = await enrollmentEvents(person.id);
    const { body } = await stack.gql(`query($id: UUID!) { enrollee(id: $id) { familyName phone } }`, { id: person.id }, stack.keys.staff);
    expect(body.errors).toBeUndefined();
    const phone: string = body.data.enrollee.phone;
    expect(phone).toBeTruthy();
    const after = await settle(() => enrollmentEvents(person.id), before.totalCount);
    expect(after.totalCount).toBe(before.totalCount + 1);
    const event = after.edges[0]!.node;
    expect(event).toMatchObject({ operation: 'read', callerKind: 'staff', callerId: keyId(stack.keys.staff) });
    expect(Object.keys(event.changes)).toContain('phone');
    expect(JSON.stringify(event)).not.toContain(phone);
    expect(JSON.stringify(event)).not.toContain(phone.replace(/^\+1/, ''));
  });

  it("records a staff read of check-in locations in the check-in domain, never the coordinates", async () => {
    const before = await checkInEvents(person.id);
    const { body } = await stack.gql(
      `query($id: UUID!) { enrollee(id: $id) { familyName checkIns(first: 5) { edges { node { location { latitude longitude } } } } } }`,
      { id: person.id },
      stack.keys.staff,
    );
    expect(body.errors).toBeUndefined();
    const location = body.data.enrollee.checkIns.edges[person.locatedIndex].node.location;
    expect(location).not.toBeNull();
    const after = await settle(() => checkInEvents(person.id), before.totalCount);
    expect(after.totalCount).toBe(before.totalCount + 1);
    const event = after.edges[0]!.node;
    expect(event).toMatchObject({ operation: 'read', callerKind: 'staff', callerId: keyId(stack.keys.staff) });
    expect(Object.keys(event.changes)).toContain('location');
    const text = JSON.stringify(event);
    expect(text).not.toContain(String(location.latitude));
    expect(text).not.toContain(String(location.longitude));
  });

  it('records nothing for a read that touches no sensitive field', async () => {
    const enrollmentBefore = await enrollmentEvents(person.id);
    const checkInBefore = await checkInEvents(person.id);
    const { body } = await stack.gql(
      `query($id: UUID!) { enrollee(id: $id) { familyName givenName compliance { level } checkIns(first: 5) { edges { node { submittedAt outcome } } } } }`,
      { id: person.id },
      stack.keys.staff,
    );
    expect(body.errors).toBeUndefined();
    await new Promise((r) => setTimeout(r, 500));
    expect((await enrollmentEvents(person.id)).totalCount).toBe(enrollmentBefore.totalCount);
    expect((await checkInEvents(person.id)).totalCount).toBe(checkInBefore.totalCount);
  });
});

const INTROSPECT = `{ __schema { queryType { name } } }`;

describe('introspection in development', () => {
  it.each(['staff', 'developer', 'partner', 'admin'] as const)('lets a %s key introspect', async (caller) => {
    const { status, body } = await stack.gql(INTROSPECT, undefined, keyOf(caller));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.__schema.queryType.name).toBe('Query');
  });
});

describe('introspection and Sandbox in production', () => {
  let production: TestStack;

  beforeAll(async () => {
    production = await startTestStack({ enrollees: 5, system: { production: true, sandbox: false } });
  });
  afterAll(() => production?.close());

  it('lets a key with schema:read introspect', async () => {
    const { status, body } = await production.gql(INTROSPECT, undefined, production.keys.developer);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.__schema.queryType.name).toBe('Query');
  });

  it('refuses introspection to a key without schema:read', async () => {
    const { body } = await production.gql(INTROSPECT, undefined, production.keys.staff);
    expect(body.data?.__schema ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('does not serve the Sandbox landing page', async () => {
    const response = await fetch(production.gatewayUrl.replace('/graphql', '/'), { headers: { accept: 'text/html' } });
    const html = await response.text();
    expect(html).not.toContain('embeddable-sandbox');
    expect(html).not.toContain('PersonOverview');
  });

  it('suggests no field names in errors', async () => {
    const { body } = await production.gql(`{ enrolee(id: "${ZERO_UUID}") { id } }`, undefined, production.keys.staff);
    expect(body.errors?.length).toBeGreaterThan(0);
    for (const error of body.errors!) expect(error.message).not.toContain('Did you mean');
  });
});
