// The legal subgraph's write path in-process: fileRepresentation and withdrawRepresentation over a real
// database (PGlite, or Postgres when DATABASE_URL is set, where the concurrent calls really race).
import { randomUUID } from 'node:crypto';
import { createContext } from '../../subgraphs/shared/subgraph-server.js';
import { and, eq, sql } from 'drizzle-orm';
import type { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../subgraphs/legal/context.js';
import { legal } from '../../subgraphs/legal/server.js';
import { auditEvents, docketCases, organizations, outbox, representations, representatives } from '../../subgraphs/legal/db/schema.js';
import { DEVELOPMENT_CALLER, type Caller } from '../../kit/identity/caller.js';
import { subgraphDb } from '../../kit/database/db.js';
import { buildSubgraphServer } from '../../subgraphs/shared/subgraph-server.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { subgraphClient } from '../support/subgraph.js';

const fixedNow = new Date('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(fixedNow.getTime() - n * DAY);

type Result = { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };

let database: TestDatabase;
let client: Awaited<ReturnType<typeof subgraphClient>>;
let scopedServer: ApolloServer<Context>;
let serial = 0;

const db = () => subgraphDb(database.driver);

beforeAll(async () => {
  database = await createTestDatabase();
  client = await subgraphClient(legal, db(), () => fixedNow);
  scopedServer = buildSubgraphServer(legal);
  await scopedServer.start();
});
afterAll(async () => {
  await client?.stop();
  await scopedServer?.stop();
  await database?.drop();
});

// ---- fixtures

const nextANumber = () => `A6${String(++serial).padStart(8, '0')}`;

async function organization() {
  const [row] = await db()
    .insert(organizations)
    .values({ name: `Org ${++serial}`, kind: 'RECOGNIZED_NONPROFIT', city: 'Atlanta', state: 'GA' })
    .returning();
  return row!;
}

/** A case the docket opened for `aNumber`, as legal knows it: in its copy, fed by CaseOpened events. */
async function docketCase(aNumber: string): Promise<string> {
  const [row] = await db().insert(docketCases).values({ caseId: randomUUID(), aNumber }).returning();
  return row!.caseId;
}

async function representative(organizationId: string | null = null) {
  serial++;
  const [row] = await db()
    .insert(representatives)
    .values({ givenName: 'Ana', familyName: `Counsel ${serial}`, kind: 'ATTORNEY', eoirId: `EOIRM${serial}`, organizationId })
    .returning();
  return row!;
}

// ---- running operations

/** Runs the operation as the development caller and returns what a client would see (DateTime as ISO strings). */
async function execute(query: string, variables: Record<string, unknown> = {}): Promise<Result> {
  return JSON.parse(JSON.stringify(await client.execute(query, variables)));
}

/** Runs the operation as a given caller. */
async function executeAs(caller: Caller, query: string, variables: Record<string, unknown>): Promise<Result> {
  const response = await scopedServer.executeOperation(
    { query, variables },
    { contextValue: createContext(legal, db(), caller, fixedNow) },
  );
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return JSON.parse(JSON.stringify(response.body.singleResult));
}

async function data(query: string, variables: Record<string, unknown> = {}) {
  const result = await execute(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

/** Asserts the operation failed with one error of `code` naming `field`, and returns its message. */
function expectError(result: Result, code: string, field?: string): string {
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0]!.extensions?.code).toBe(code);
  if (field) expect(result.errors![0]!.extensions?.field).toBe(field);
  return result.errors![0]!.message;
}

// ---- reading back

async function rowsFor(aNumber: string) {
  return db().select().from(representations).where(eq(representations.aNumber, aNumber));
}

async function auditFor(aNumber: string) {
  return db().select().from(auditEvents).where(eq(auditEvents.aNumber, aNumber));
}

async function auditCount(): Promise<number> {
  const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(auditEvents);
  return row!.n;
}

/** Runs `work` and asserts it wrote no representation and no audit event anywhere. */
async function expectNothingWritten(work: () => Promise<unknown>) {
  const count = async () => {
    const [row] = await db().select({ n: sql<number>`count(*)::int` }).from(representations);
    return { representations: row!.n, audit: await auditCount() };
  };
  const before = await count();
  await work();
  expect(await count()).toEqual(before);
}

// ---- operations

const FILE = `mutation($input: FileRepresentationInput!) {
  fileRepresentation(input: $input) {
    id form scope isPrimary filedAt withdrawnAt withdrawalReason isActive
    client { aNumber isRepresented representation { id } }
    immigrationCase { id counsel { id } }
    representative { id }
    organization { id clients { totalCount } }
  }
}`;

const WITHDRAW = `mutation($input: WithdrawRepresentationInput!) {
  withdrawRepresentation(input: $input) {
    id isActive withdrawnAt withdrawalReason
    client { aNumber isRepresented representation { id } representationHistory { id isActive } }
    immigrationCase { id counsel { id } }
    organization { clients { totalCount edges { node { aNumber } } } }
  }
}`;

const fileInput = (values: Record<string, unknown>) => ({ form: 'EOIR_28', scope: 'ALL_PROCEEDINGS', ...values });

async function file(values: Record<string, unknown>) {
  return (await data(FILE, { input: fileInput(values) })).fileRepresentation;
}

async function withdraw(values: Record<string, unknown>) {
  return (await data(WITHDRAW, { input: { reason: 'Conflict of interest', ...values } })).withdrawRepresentation;
}

describe('fileRepresentation', () => {
  it('files a primary EOIR-28 by default at now, under the representative\'s organization, readable in the same request', async () => {
    const org = await organization();
    const rep = await representative(org.id);
    const aNumber = nextANumber();
    const caseId = await docketCase(aNumber);
    const filed = await file({ aNumber: `${aNumber.slice(1, 4)}-${aNumber.slice(4, 7)}-${aNumber.slice(7)}`, representativeId: rep.id.toUpperCase(), caseId });
    expect(filed).toEqual({
      id: expect.any(String),
      form: 'EOIR_28',
      scope: 'ALL_PROCEEDINGS',
      isPrimary: true,
      filedAt: fixedNow.toISOString(),
      withdrawnAt: null,
      withdrawalReason: null,
      isActive: true,
      client: { aNumber, isRepresented: true, representation: { id: filed.id } },
      immigrationCase: { id: caseId, counsel: { id: filed.id } },
      representative: { id: rep.id },
      organization: { id: org.id, clients: { totalCount: 1 } },
    });
    const [row] = await rowsFor(aNumber);
    expect(row).toMatchObject({ id: filed.id, representativeId: rep.id, organizationId: org.id, caseId, isPrimary: true, withdrawnAt: null });
  });

  it('audits the filing in the same transaction, with the non-personal fields', async () => {
    const org = await organization();
    const rep = await representative(org.id);
    const aNumber = nextANumber();
    const caseId = await docketCase(aNumber);
    const filed = await file({ aNumber, representativeId: rep.id, caseId, scope: 'CUSTODY_AND_BOND_ONLY', isPrimary: false, filedAt: daysAgo(3).toISOString() });
    const events = await auditFor(aNumber);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      operation: 'fileRepresentation',
      recordType: 'Representation',
      recordId: filed.id,
      aNumber,
      callerKind: 'development',
      callerId: 'development',
      occurredAt: fixedNow,
    });
    expect(events[0]!.changes).toEqual({
      form: { to: 'EOIR_28' },
      scope: { to: 'CUSTODY_AND_BOND_ONLY' },
      isPrimary: { to: false },
      caseId: { to: caseId },
      representativeId: { to: rep.id },
      organizationId: { to: org.id },
      filedAt: { to: daysAgo(3).toISOString() },
    });
    // The audit trail is readable through the API too.
    const trail = await data(`query($a: ANumber!) { legalAuditEvents(aNumber: $a) { totalCount edges { node { operation recordId } } } }`, { a: aNumber });
    expect(trail.legalAuditEvents).toEqual({ totalCount: 1, edges: [{ node: { operation: 'fileRepresentation', recordId: filed.id } }] });
  });

  it('files a G-28 before DHS with no case, and one with no organization', async () => {
    const rep = await representative(null);
    const aNumber = nextANumber();
    const filed = await file({ aNumber, representativeId: rep.id, form: 'G_28', scope: 'LIMITED', filedAt: daysAgo(365).toISOString() });
    expect(filed).toMatchObject({ form: 'G_28', scope: 'LIMITED', isPrimary: true, filedAt: daysAgo(365).toISOString(), immigrationCase: null, organization: null });
    expect(filed.client).toEqual({ aNumber, isRepresented: true, representation: { id: filed.id } });
    expect((await auditFor(aNumber))[0]!.changes).toMatchObject({ caseId: { to: null }, organizationId: { to: null } });
  });

  it('treats an explicit null isPrimary as the default, true', async () => {
    const rep = await representative(null);
    const aNumber = nextANumber();
    const filed = await file({ aNumber, representativeId: rep.id, caseId: await docketCase(aNumber), isPrimary: null });
    expect(filed.isPrimary).toBe(true);
  });

  it('refuses input that does not fit the form or the clock, naming the field, and writes nothing', async () => {
    const rep = await representative(null);
    const cases: [Record<string, unknown>, string][] = [
      [{ form: 'EOIR_28', caseId: null }, 'input.caseId'],
      [{ form: 'EOIR_28' }, 'input.caseId'],
      [{ form: 'G_28', caseId: randomUUID() }, 'input.caseId'],
      [{ caseId: randomUUID(), filedAt: new Date(fixedNow.getTime() + 60_000).toISOString() }, 'input.filedAt'],
      [{ caseId: randomUUID(), filedAt: daysAgo(366).toISOString() }, 'input.filedAt'],
    ];
    for (const [values, field] of cases) {
      await expectNothingWritten(async () => {
        const result = await execute(FILE, { input: fileInput({ aNumber: nextANumber(), representativeId: rep.id, ...values }) });
        expect(expectError(result, 'BAD_USER_INPUT', field)).toContain(field);
      });
    }
    // Malformed scalars are refused before any resolver runs.
    for (const values of [{ aNumber: 'A12' }, { representativeId: 'not-a-uuid' }, { caseId: 'nope' }]) {
      await expectNothingWritten(async () => {
        const result = await execute(FILE, { input: fileInput({ aNumber: nextANumber(), representativeId: rep.id, caseId: randomUUID(), ...values }) });
        expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      });
    }
  });

  it('refuses an unknown representative with NOT_FOUND and writes nothing', async () => {
    await expectNothingWritten(async () => {
      const result = await execute(FILE, { input: fileInput({ aNumber: nextANumber(), representativeId: randomUUID(), caseId: randomUUID() }) });
      expect(expectError(result, 'NOT_FOUND', 'input.representativeId')).toContain('input.representativeId');
    });
  });

  it('refuses a case the docket never opened with CASE_NOT_FOUND, and writes nothing', async () => {
    const rep = await representative(null);
    await expectNothingWritten(async () => {
      const result = await execute(FILE, { input: fileInput({ aNumber: nextANumber(), representativeId: rep.id, caseId: randomUUID() }) });
      expectError(result, 'CASE_NOT_FOUND', 'input.caseId');
    });
  });

  it("refuses another person's case with CASE_BELONGS_TO_ANOTHER_PERSON, without saying whose, and writes nothing", async () => {
    const rep = await representative(null);
    const [owner, other] = [nextANumber(), nextANumber()];
    const caseId = await docketCase(owner);
    await expectNothingWritten(async () => {
      const message = expectError(await execute(FILE, { input: fileInput({ aNumber: other, representativeId: rep.id, caseId }) }), 'CASE_BELONGS_TO_ANOTHER_PERSON', 'input.caseId');
      expect(message).not.toContain(owner);
    });
    // The owner's own filing on it is accepted.
    expect((await file({ aNumber: owner, representativeId: rep.id, caseId })).id).toBeTruthy();
  });

  it('appends exactly one RepresentationFiled event in the transaction, and none when the filing is refused or rolled back', async () => {
    const org = await organization();
    const rep = await representative(org.id);
    const aNumber = nextANumber();
    const caseId = await docketCase(aNumber);
    const before = await db().select().from(outbox);
    await execute(FILE, { input: fileInput({ aNumber, representativeId: rep.id, caseId: randomUUID() }) });
    const broken = { ...DEVELOPMENT_CALLER, id: null as unknown as string };
    await executeAs(broken, FILE, { input: fileInput({ aNumber, representativeId: rep.id, caseId }) });
    expect(await db().select().from(outbox)).toHaveLength(before.length);
    const filed = await file({ aNumber, representativeId: rep.id, caseId });
    const added = (await db().select().from(outbox)).slice(before.length);
    expect(added).toEqual([
      expect.objectContaining({
        type: 'RepresentationFiled',
        subject: filed.id,
        data: { representationId: filed.id, aNumber, organizationId: org.id, representativeId: rep.id, caseId, form: 'EOIR_28', scope: 'ALL_PROCEEDINGS', isPrimary: true, filedAt: fixedNow.toISOString() },
      }),
    ]);
  });

  it('refuses a second active primary on a case, allows a non-primary, and allows a new primary once the first withdraws', async () => {
    const [first, second, third] = [await representative(null), await representative(null), await representative(null)];
    const aNumber = nextANumber();
    const caseId = await docketCase(aNumber);
    const primary = await file({ aNumber, representativeId: first.id, caseId });
    await expectNothingWritten(async () => {
      const result = await execute(FILE, { input: fileInput({ aNumber, representativeId: second.id, caseId }) });
      expect(expectError(result, 'REPRESENTATION_CONFLICT', 'input.isPrimary')).toContain('primary');
    });
    const secondary = await file({ aNumber, representativeId: second.id, caseId, isPrimary: false, scope: 'CUSTODY_AND_BOND_ONLY' });
    // The case's counsel is still the primary; the person's representation too.
    expect(secondary.immigrationCase.counsel).toEqual({ id: primary.id });
    expect(secondary.client.representation).toEqual({ id: primary.id });
    // Withdrawn and replaced in one request: the filing must not read what the withdrawal cached.
    const result = await data(
      `mutation($withdraw: WithdrawRepresentationInput!, $file: FileRepresentationInput!) {
        withdrawn: withdrawRepresentation(input: $withdraw) { client { representation { id } } immigrationCase { counsel { id } } }
        replacement: fileRepresentation(input: $file) { id client { representation { id } } immigrationCase { counsel { id } } }
      }`,
      { withdraw: { representationId: primary.id, reason: 'Replaced' }, file: fileInput({ aNumber, representativeId: third.id, caseId }) },
    );
    expect(result.withdrawn).toEqual({ client: { representation: { id: secondary.id } }, immigrationCase: { counsel: null } });
    const replacementId = result.replacement.id;
    expect(result.replacement).toEqual({ id: replacementId, client: { representation: { id: replacementId } }, immigrationCase: { counsel: { id: replacementId } } });
  });

  it('refuses a representative who already actively represents the person on the same case, or before DHS', async () => {
    const rep = await representative(null);
    const aNumber = nextANumber();
    const caseId = await docketCase(aNumber);
    await file({ aNumber, representativeId: rep.id, caseId, isPrimary: false });
    const g28 = await file({ aNumber, representativeId: rep.id, form: 'G_28' });
    const refusals = [
      fileInput({ aNumber, representativeId: rep.id, caseId: caseId.toUpperCase(), isPrimary: false, scope: 'LIMITED' }),
      fileInput({ aNumber, representativeId: rep.id, caseId, isPrimary: true }),
      fileInput({ aNumber, representativeId: rep.id, form: 'G_28', isPrimary: false }),
    ];
    for (const input of refusals) {
      await expectNothingWritten(async () => {
        expectError(await execute(FILE, { input }), 'REPRESENTATION_CONFLICT', 'input.representativeId');
      });
    }
    // The same representative on another case of the person, or another person, is a new appearance.
    await file({ aNumber, representativeId: rep.id, caseId: await docketCase(aNumber) });
    await file({ aNumber: nextANumber(), representativeId: rep.id, form: 'G_28' });
    // After a withdrawal the representative may appear again.
    await withdraw({ representationId: g28.id });
    await file({ aNumber, representativeId: rep.id, form: 'G_28' });
    // The case filing, the G-28, the other case and the new G-28 (the other person's filing is theirs).
    expect((await rowsFor(aNumber)).length).toBe(4);
  });

  it('lets exactly one of several concurrent primary filings on one case succeed', async () => {
    const reps = [await representative(null), await representative(null), await representative(null), await representative(null)];
    const aNumber = nextANumber();
    const caseId = await docketCase(aNumber);
    const results = await Promise.all(reps.map((rep) => execute(FILE, { input: fileInput({ aNumber, representativeId: rep.id, caseId }) })));
    const succeeded = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(3);
    for (const refusal of refused) expectError(refusal, 'REPRESENTATION_CONFLICT', 'input.isPrimary');
    const rows = await rowsFor(aNumber);
    expect(rows.map((r) => r.id)).toEqual([succeeded[0]!.data!.fileRepresentation.id]);
    expect(await auditFor(aNumber)).toHaveLength(1);
  });

  it('lets exactly one of several concurrent identical filings by one representative succeed', async () => {
    const rep = await representative(null);
    const aNumber = nextANumber();
    const input = fileInput({ aNumber, representativeId: rep.id, form: 'G_28', isPrimary: false });
    const results = await Promise.all(Array.from({ length: 4 }, () => execute(FILE, { input })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const refused of results.filter((r) => r.errors)) expectError(refused, 'REPRESENTATION_CONFLICT', 'input.representativeId');
    expect(await rowsFor(aNumber)).toHaveLength(1);
    expect(await auditFor(aNumber)).toHaveLength(1);
  });
});

describe('withdrawRepresentation', () => {
  async function activeOnCase() {
    const org = await organization();
    const rep = await representative(org.id);
    const aNumber = nextANumber();
    const caseId = await docketCase(aNumber);
    const filed = await file({ aNumber, representativeId: rep.id, caseId, filedAt: daysAgo(30).toISOString() });
    return { aNumber, caseId, org, rep, id: filed.id as string };
  }

  it('withdraws at now and keeps the reason (trimmed)', async () => {
    const { aNumber, id } = await activeOnCase();
    const withdrawn = await withdraw({ representationId: id, reason: '  Client moved to another state  ' });
    expect(withdrawn).toMatchObject({ id, isActive: false, withdrawnAt: fixedNow.toISOString(), withdrawalReason: 'Client moved to another state' });
    expect((await rowsFor(aNumber))[0]).toMatchObject({ withdrawnAt: fixedNow, withdrawalReason: 'Client moved to another state' });
  });

  it('is seen by the rest of the same request: person, case counsel and organization clients', async () => {
    const org = await organization();
    const [rep1, rep2] = [await representative(org.id), await representative(org.id)];
    const [person, other] = [nextANumber(), nextANumber()];
    const caseId = await docketCase(person);
    const primary = await file({ aNumber: person, representativeId: rep1.id, caseId, filedAt: daysAgo(9).toISOString() });
    const g28 = await file({ aNumber: person, representativeId: rep2.id, form: 'G_28', isPrimary: false, filedAt: daysAgo(8).toISOString() });
    await file({ aNumber: other, representativeId: rep2.id, form: 'G_28' });
    // The first field caches the person, the case's counsel and the organization's clients while
    // the primary is still active; the second withdraws the primary and must not read those caches.
    const result = await data(
      `mutation($first: WithdrawRepresentationInput!, $second: WithdrawRepresentationInput!) {
        first: withdrawRepresentation(input: $first) {
          client { isRepresented representation { id immigrationCase { counsel { id } } } }
          organization { clients { totalCount edges { node { aNumber } } } }
        }
        second: withdrawRepresentation(input: $second) {
          id isActive
          client { aNumber isRepresented representation { id } representationHistory { id isActive } }
          immigrationCase { id counsel { id } }
          organization { clients { totalCount edges { node { aNumber } } } }
        }
      }`,
      { first: { representationId: g28.id, reason: 'Scope ended' }, second: { representationId: primary.id, reason: 'Client moved' } },
    );
    expect(result.first).toEqual({
      client: { isRepresented: true, representation: { id: primary.id, immigrationCase: { counsel: { id: primary.id } } } },
      organization: { clients: { totalCount: 2, edges: [{ node: { aNumber: person } }, { node: { aNumber: other } }] } },
    });
    expect(result.second).toEqual({
      id: primary.id,
      isActive: false,
      client: {
        aNumber: person,
        isRepresented: false,
        representation: null,
        representationHistory: [
          { id: g28.id, isActive: false },
          { id: primary.id, isActive: false },
        ],
      },
      immigrationCase: { id: caseId, counsel: null },
      organization: { clients: { totalCount: 1, edges: [{ node: { aNumber: other } }] } },
    });
  });

  it('records a given withdrawal instant, and audits it without the reason', async () => {
    const { aNumber, id } = await activeOnCase();
    const reason = 'Client retained private counsel';
    const withdrawn = await withdraw({ representationId: id.toUpperCase(), reason, withdrawnAt: daysAgo(2).toISOString() });
    expect(withdrawn).toMatchObject({ id, isActive: false, withdrawnAt: daysAgo(2).toISOString(), withdrawalReason: reason });
    const [row] = await rowsFor(aNumber);
    expect(row).toMatchObject({ withdrawnAt: daysAgo(2), withdrawalReason: reason });
    const events = (await auditFor(aNumber)).filter((e) => e.operation === 'withdrawRepresentation');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ recordType: 'Representation', recordId: id, aNumber, callerId: 'development', occurredAt: fixedNow });
    expect(events[0]!.changes).toEqual({ withdrawnAt: { from: null, to: daysAgo(2).toISOString() }, withdrawalReason: { redacted: true } });
    expect(JSON.stringify(events[0]!.changes)).not.toContain('private counsel');
  });

  it('allows a withdrawal at the very instant of filing', async () => {
    const { id } = await activeOnCase();
    expect((await withdraw({ representationId: id, withdrawnAt: daysAgo(30).toISOString() })).withdrawnAt).toBe(daysAgo(30).toISOString());
  });

  it('refuses an unknown representation with NOT_FOUND and writes nothing', async () => {
    await expectNothingWritten(async () => {
      const result = await execute(WITHDRAW, { input: { representationId: randomUUID(), reason: 'Gone' } });
      expectError(result, 'NOT_FOUND', 'input.representationId');
    });
  });

  it('refuses a second withdrawal and keeps the first one\'s instant and reason', async () => {
    const { aNumber, id } = await activeOnCase();
    await withdraw({ representationId: id, reason: 'First reason', withdrawnAt: daysAgo(1).toISOString() });
    const audited = (await auditFor(aNumber)).length;
    await expectNothingWritten(async () => {
      const result = await execute(WITHDRAW, { input: { representationId: id, reason: 'Second reason' } });
      expectError(result, 'REPRESENTATION_ALREADY_WITHDRAWN', 'input.representationId');
    });
    expect((await rowsFor(aNumber))[0]).toMatchObject({ withdrawnAt: daysAgo(1), withdrawalReason: 'First reason' });
    expect(await auditFor(aNumber)).toHaveLength(audited);
  });

  it('refuses a blank or long reason and an instant outside the rules, naming the field, and writes nothing', async () => {
    const { aNumber, id } = await activeOnCase();
    const cases: [Record<string, unknown>, string][] = [
      [{ reason: '   ' }, 'input.reason'],
      [{ reason: 'x'.repeat(501) }, 'input.reason'],
      [{ withdrawnAt: new Date(fixedNow.getTime() + 1000).toISOString() }, 'input.withdrawnAt'],
      [{ withdrawnAt: daysAgo(366).toISOString() }, 'input.withdrawnAt'],
      // Filed 30 days ago: a day before that is before the filing.
      [{ withdrawnAt: daysAgo(31).toISOString() }, 'input.withdrawnAt'],
    ];
    for (const [values, field] of cases) {
      await expectNothingWritten(async () => {
        const result = await execute(WITHDRAW, { input: { representationId: id, reason: 'Valid', ...values } });
        expect(expectError(result, 'BAD_USER_INPUT', field)).toContain(field);
      });
    }
    expect((await rowsFor(aNumber))[0]!.withdrawnAt).toBeNull();
    // 500 characters is the limit, inclusive.
    expect((await withdraw({ representationId: id, reason: 'x'.repeat(500) })).isActive).toBe(false);
  });

  it('lets exactly one of several concurrent withdrawals succeed', async () => {
    const { aNumber, id } = await activeOnCase();
    const results = await Promise.all(
      ['One', 'Two', 'Three', 'Four'].map((reason) => execute(WITHDRAW, { input: { representationId: id, reason } })),
    );
    const succeeded = results.filter((r) => !r.errors);
    expect(succeeded).toHaveLength(1);
    for (const refused of results.filter((r) => r.errors)) expectError(refused, 'REPRESENTATION_ALREADY_WITHDRAWN', 'input.representationId');
    const [row] = await rowsFor(aNumber);
    expect(row!.withdrawalReason).toBe(succeeded[0]!.data!.withdrawRepresentation.withdrawalReason);
    const withdrawals = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.aNumber, aNumber), eq(auditEvents.operation, 'withdrawRepresentation')));
    expect(withdrawals).toHaveLength(1);
  });
});

describe('both mutations', () => {
  it('refuse a caller without the legal:write scope, and write nothing', async () => {
    const readOnly: Caller = { ...DEVELOPMENT_CALLER, id: 'reader', scopes: new Set(['representation:read']) };
    const rep = await representative(null);
    const active = await file({ aNumber: nextANumber(), representativeId: rep.id, form: 'G_28' });
    await expectNothingWritten(async () => {
      expectError(await executeAs(readOnly, FILE, { input: fileInput({ aNumber: nextANumber(), representativeId: rep.id, caseId: randomUUID() }) }), 'FORBIDDEN');
      expectError(await executeAs(readOnly, WITHDRAW, { input: { representationId: active.id, reason: 'No' } }), 'FORBIDDEN');
    });
    // The same calls pass with the scope.
    expect((await executeAs(DEVELOPMENT_CALLER, WITHDRAW, { input: { representationId: active.id, reason: 'Yes' } })).errors).toBeUndefined();
  });

  it('roll the representation back when the audit event cannot be written', async () => {
    // A caller id the audit table refuses (not null): the failure comes after the row was inserted or updated.
    const broken = { ...DEVELOPMENT_CALLER, id: null as unknown as string };
    const rep = await representative(null);
    const aNumber = nextANumber();
    await expectNothingWritten(async () => {
      const result = await executeAs(broken, FILE, { input: fileInput({ aNumber, representativeId: rep.id, caseId: await docketCase(aNumber) }) });
      expectError(result, 'INTERNAL_SERVER_ERROR');
    });
    const active = await file({ aNumber, representativeId: rep.id, form: 'G_28' });
    const result = await executeAs(broken, WITHDRAW, { input: { representationId: active.id, reason: 'Rolled back' } });
    expectError(result, 'INTERNAL_SERVER_ERROR');
    expect((await rowsFor(aNumber))[0]).toMatchObject({ withdrawnAt: null, withdrawalReason: null });
  });
});
