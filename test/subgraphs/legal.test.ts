// The legal-representation subgraph on its own: `_entities` representations straight to it, over a
// real database (PGlite, or Postgres when DATABASE_URL is set).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legal } from '../../subgraphs/legal/server.js';
import { organizations, representations, representatives } from '../../subgraphs/legal/db/schema.js';
import { subgraphDb, type StatementCounter } from '../../kit/database/db.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { subgraphClient } from '../support/subgraph.js';

const fixedNow = new Date('2026-03-01T12:00:00.000Z');
const at = (day: string) => new Date(`${day}T15:00:00.000Z`);

type OrganizationFixture = typeof organizations.$inferInsert;
type RepresentationFixture = Omit<typeof representations.$inferInsert, 'form' | 'scope' | 'isPrimary'> &
  Partial<Pick<typeof representations.$inferInsert, 'form' | 'scope' | 'isPrimary'>>;

let database: TestDatabase;
let client: Awaited<ReturnType<typeof subgraphClient>>;
const counter: StatementCounter = { count: 0 };
let serial = 0;

const db = () => subgraphDb(database.driver);

async function organization(values: Partial<OrganizationFixture> = {}) {
  serial++;
  const [row] = await db()
    .insert(organizations)
    .values({ name: `Organization ${serial}`, kind: 'RECOGNIZED_NONPROFIT', city: 'Atlanta', state: 'GA', ...values })
    .returning();
  return row!;
}

async function representative(organizationId: string | null, familyName = `Counsel ${serial}`) {
  serial++;
  const [row] = await db()
    .insert(representatives)
    .values({ givenName: 'Ana', familyName, kind: 'ATTORNEY', barNumber: `GA${serial}`, eoirId: `EOIR${serial}`, organizationId })
    .returning();
  return row!;
}

async function represent(values: RepresentationFixture) {
  const [row] = await db()
    .insert(representations)
    .values({ form: values.caseId ? 'EOIR_28' : 'G_28', scope: 'ALL_PROCEEDINGS', isPrimary: false, ...values })
    .returning();
  return row!;
}

/** Runs the operation and returns the result as a client would see it (DateTime as ISO strings). */
async function execute(query: string, variables: Record<string, unknown> = {}) {
  return JSON.parse(JSON.stringify(await client.execute(query, variables))) as Awaited<ReturnType<typeof client.execute>>;
}

async function data(query: string, variables: Record<string, unknown> = {}) {
  const result = await execute(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function badInput(query: string, variables: Record<string, unknown> = {}, code = 'BAD_USER_INPUT') {
  const result = await execute(query, variables);
  expect(result.errors?.length).toBeGreaterThan(0);
  expect(result.errors!.map((e) => e.extensions?.code)).toEqual(result.errors!.map(() => code));
  return result;
}

const PERSON = `query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Enrollee {
      aNumber
      isRepresented
      representation { id isPrimary isActive filedAt client { aNumber } immigrationCase { id }
        representative { id familyName organization { id name } } organization { id } }
      representationHistory { id isActive withdrawnAt }
    }
  }
}`;

const person = async (aNumber: string) => (await data(PERSON, { reps: [{ __typename: 'Enrollee', aNumber }] }))._entities[0];

beforeAll(async () => {
  database = await createTestDatabase();
  client = await subgraphClient(legal, subgraphDb(database.driver, counter), () => fixedNow);
});
afterAll(async () => {
  await client?.stop();
  await database?.drop();
});

describe('Enrollee by A-number', () => {
  const caseId = randomUUID();
  let ids: Record<'withdrawn' | 'primary' | 'later', string>;
  let counselId: string;
  let organizationName: string;

  beforeAll(async () => {
    const aid = await organization({ name: 'Southern Aid' });
    const firm = await organization({ name: 'Peachtree Law', kind: 'LAW_FIRM' });
    organizationName = aid.name;
    const counsel = await representative(aid.id, 'Okafor');
    const accredited = await representative(aid.id, 'Baptiste');
    const former = await representative(firm.id, 'Lindqvist');
    counselId = counsel.id;
    const base = { aNumber: 'A100000001' };
    ids = {
      withdrawn: (await represent({ ...base, caseId, representativeId: former.id, organizationId: firm.id, isPrimary: true, filedAt: at('2025-01-10'), withdrawnAt: at('2025-06-01') })).id,
      primary: (await represent({ ...base, caseId, representativeId: counsel.id, organizationId: aid.id, isPrimary: true, filedAt: at('2025-07-01') })).id,
      later: (await represent({ ...base, representativeId: accredited.id, organizationId: aid.id, scope: 'LIMITED', filedAt: at('2025-09-15') })).id,
    };
    await represent({ aNumber: 'A100000002', representativeId: former.id, organizationId: firm.id, filedAt: at('2024-03-01'), withdrawnAt: at('2024-08-01') });
  });

  it('gives the active primary representation, even when a later one is active too', async () => {
    const e = await person('A100000001');
    expect(e.aNumber).toBe('A100000001');
    expect(e.isRepresented).toBe(true);
    expect(e.representation).toEqual({
      id: ids.primary,
      isPrimary: true,
      isActive: true,
      filedAt: at('2025-07-01').toISOString(),
      client: { aNumber: 'A100000001' },
      immigrationCase: { id: caseId },
      representative: { id: counselId, familyName: 'Okafor', organization: { id: expect.any(String), name: organizationName } },
      organization: { id: expect.any(String) },
    });
  });

  it('lists the whole history newest first, withdrawn representations included', async () => {
    const e = await person('A-100-000-001');
    expect(e.representationHistory).toEqual([
      { id: ids.later, isActive: true, withdrawnAt: null },
      { id: ids.primary, isActive: true, withdrawnAt: null },
      { id: ids.withdrawn, isActive: false, withdrawnAt: at('2025-06-01').toISOString() },
    ]);
  });

  it('says a person whose counsel withdrew is unrepresented, and keeps the history', async () => {
    const e = await person('A100000002');
    expect(e.representation).toBeNull();
    expect(e.isRepresented).toBe(false);
    expect(e.representationHistory).toHaveLength(1);
    expect(e.representationHistory[0].isActive).toBe(false);
  });

  it('answers for a person with no filings at all', async () => {
    expect(await person('A100000099')).toEqual({ aNumber: 'A100000099', isRepresented: false, representation: null, representationHistory: [] });
  });

  it('refuses a malformed A-number as bad user input', async () => {
    await badInput(PERSON, { reps: [{ __typename: 'Enrollee', aNumber: 'A12' }] });
  });

  it('gives a case its active primary counsel, and null for a case without one', async () => {
    const otherCase = randomUUID();
    const rep = await representative(null);
    await represent({ aNumber: 'A100000003', caseId: otherCase, representativeId: rep.id, isPrimary: false, filedAt: at('2025-02-02') });
    const result = await data(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on ImmigrationCase { id counsel { id isPrimary client { aNumber } organization { id } } } } }`,
      { reps: [caseId, otherCase, randomUUID()].map((id) => ({ __typename: 'ImmigrationCase', id })) },
    );
    expect(result._entities).toEqual([
      { id: caseId, counsel: { id: ids.primary, isPrimary: true, client: { aNumber: 'A100000001' }, organization: { id: expect.any(String) } } },
      { id: otherCase, counsel: null },
      { id: expect.any(String), counsel: null },
    ]);
  });

  it('has the database refuse a second active primary representative on one case', async () => {
    const rep = await representative(null);
    const refused = await represent({ aNumber: 'A100000001', caseId, representativeId: rep.id, isPrimary: true, filedAt: at('2025-10-01') }).then(
      () => null,
      (error: { cause?: { code?: string; constraint?: string; message?: string } }) => error.cause,
    );
    // 23505: unique_violation, on the partial unique index.
    expect(refused?.code).toBe('23505');
    expect(refused?.constraint ?? refused?.message).toContain('representations_one_primary_idx');
    // A withdrawn primary (the firm's, above) never counted; a non-primary is always allowed.
    await represent({ aNumber: 'A100000001', caseId, representativeId: rep.id, isPrimary: false, filedAt: at('2025-10-01'), withdrawnAt: at('2025-10-02') });
  });

  it('resolves organizations, representatives and representations as entities', async () => {
    const result = await data(
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
        ... on Representation { id scope client { aNumber } representative { familyName } }
        ... on Representative { id familyName }
        ... on LegalOrganization { name kind representatives { familyName } }
      } }`,
      {
        reps: [
          { __typename: 'Representation', id: ids.later },
          { __typename: 'Representative', id: counselId },
          { __typename: 'Representation', id: randomUUID() },
        ],
      },
    );
    expect(result._entities).toEqual([
      { id: ids.later, scope: 'LIMITED', client: { aNumber: 'A100000001' }, representative: { familyName: 'Baptiste' } },
      { id: counselId, familyName: 'Okafor' },
      null,
    ]);
    const organizationId = (await person('A100000001')).representation.representative.organization.id;
    const org = await data(`query($reps: [_Any!]!) { _entities(representations: $reps) { ... on LegalOrganization { name kind representatives { familyName } } } }`, {
      reps: [{ __typename: 'LegalOrganization', id: organizationId.toUpperCase() }],
    });
    expect(org._entities).toEqual([{ name: 'Southern Aid', kind: 'RECOGNIZED_NONPROFIT', representatives: [{ familyName: 'Baptiste' }, { familyName: 'Okafor' }] }]);
  });
});

describe('organization clients', () => {
  const CLIENTS = `query($id: UUID!, $first: Int, $after: String) {
    legalOrganization(id: $id) {
      clients(first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { aNumber } representation { id isPrimary isActive } }
      }
    }
  }`;
  let orgId: string;
  let expected: { aNumber: string; representationId: string }[];

  beforeAll(async () => {
    const org = await organization({ name: 'Clients Org' });
    const other = await organization({ name: 'Elsewhere Org' });
    const rep = await representative(org.id);
    const otherRep = await representative(other.id);
    orgId = org.id;
    expected = [];
    // Inserted out of A-number order; one person represented twice (the primary is the one shown).
    for (const n of [5, 3, 1, 4, 2]) {
      const aNumber = `A3000000${String(n).padStart(2, '0')}`;
      const row = await represent({ aNumber, representativeId: rep.id, organizationId: org.id, filedAt: at('2025-04-01') });
      expected.push({ aNumber, representationId: row.id });
    }
    const primary = await represent({ aNumber: 'A300000003', caseId: randomUUID(), representativeId: rep.id, organizationId: org.id, isPrimary: true, filedAt: at('2025-01-01') });
    expected.find((e) => e.aNumber === 'A300000003')!.representationId = primary.id;
    // Withdrawn clients and another organization's clients are not this organization's clients.
    await represent({ aNumber: 'A300000006', representativeId: rep.id, organizationId: org.id, filedAt: at('2025-04-01'), withdrawnAt: at('2025-05-01') });
    await represent({ aNumber: 'A300000007', representativeId: otherRep.id, organizationId: other.id, filedAt: at('2025-04-01') });
    expected.sort((a, b) => a.aNumber.localeCompare(b.aNumber));
  });

  it('pages through active clients by A-number with a stable cursor and a total', async () => {
    const seen: { aNumber: string; representationId: string }[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { clients }: { clients: any } = (await data(CLIENTS, { id: orgId, first: 2, after })).legalOrganization;
      expect(clients.totalCount).toBe(5);
      expect(clients.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(clients.edges.every((e: any) => e.representation.isActive)).toBe(true);
      seen.push(...clients.edges.map((e: any) => ({ aNumber: e.node.aNumber, representationId: e.representation.id })));
      pages++;
      // The same cursor gives the same page.
      expect((await data(CLIENTS, { id: orgId, first: 2, after })).legalOrganization.clients).toEqual(clients);
      if (!clients.pageInfo.hasNextPage) break;
      after = clients.pageInfo.endCursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it('refuses a bad cursor or page size as bad user input', async () => {
    await badInput(CLIENTS, { id: orgId, after: 'not-a-cursor' }, 'INVALID_CURSOR');
    await badInput(CLIENTS, { id: orgId, first: 0 });
    await badInput(CLIENTS, { id: orgId, first: 101 });
    await badInput(`{ legalOrganizations(after: "bm9wZQ") { totalCount } }`, {}, 'INVALID_CURSOR');
    await badInput(`{ legalOrganizations(first: -1) { totalCount } }`);
  });
});

describe('legal organizations', () => {
  const LIST = `query($first: Int, $after: String) {
    legalOrganizations(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name clients(first: 2) { totalCount edges { node { aNumber } } } } }
    }
  }`;

  it('lists every organization once, by name, with each one\'s clients', async () => {
    const names: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (;;) {
      const list: any = (await data(LIST, { first: 3, after })).legalOrganizations;
      total = list.totalCount;
      names.push(...list.edges.map((e: any) => e.node.name));
      if (!list.pageInfo.hasNextPage) break;
      after = list.pageInfo.endCursor;
    }
    expect(names).toHaveLength(total);
    expect(names).toEqual([...names].sort());
    const all: any = (await data(LIST, { first: 100 })).legalOrganizations;
    const clientsOrg = all.edges.find((e: any) => e.node.name === 'Clients Org').node;
    expect(clientsOrg.clients.totalCount).toBe(5);
    expect(clientsOrg.clients.edges.map((e: any) => e.node.aNumber)).toEqual(['A300000001', 'A300000002']);
  });
});

describe('statements', () => {
  const SELECTION = `query($reps: [_Any!]!) {
    _entities(representations: $reps) {
      ... on Enrollee { aNumber isRepresented representation { representative { organization { name } } } }
    }
  }`;

  it('costs the same statements for 20 people as for one', async () => {
    const orgs = [await organization(), await organization()];
    const reps = [await representative(orgs[0]!.id), await representative(orgs[1]!.id)];
    const aNumbers: string[] = [];
    for (let i = 0; i < 20; i++) {
      const aNumber = `A4000000${String(i).padStart(2, '0')}`;
      aNumbers.push(aNumber);
      await represent({ aNumber, representativeId: reps[i % 2]!.id, organizationId: orgs[i % 2]!.id, filedAt: at('2025-05-05') });
    }
    const run = async (some: string[]) => {
      counter.count = 0;
      const result = await execute(SELECTION, { reps: some.map((aNumber) => ({ __typename: 'Enrollee', aNumber })) });
      expect(result.errors).toBeUndefined();
      expect(result.data!._entities.every((e: any) => e.isRepresented && e.representation.representative.organization.name)).toBe(true);
      return counter.count;
    };
    const one = await run(aNumbers.slice(0, 1));
    const twenty = await run(aNumbers);
    expect(twenty).toBe(one);
    // Representations by A-number, their representatives, the representatives' organizations.
    expect(one).toBe(3);
  });

  it('costs the same statements for a page of organizations asking clients as for one', async () => {
    const LIST = `query($first: Int) { legalOrganizations(first: $first) { totalCount edges { node { name representatives { id }
      clients(first: 2) { totalCount edges { node { aNumber } representation { representative { familyName } } } } } } } }`;
    const run = async (first: number) => {
      counter.count = 0;
      await data(LIST, { first });
      return counter.count;
    };
    expect(await run(20)).toBe(await run(1));
  });
});
