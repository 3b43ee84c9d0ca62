// Every copy a domain keeps of another's facts equals its source: after the seed (through the real
// `npm run seed`), after mutations travel as events, and after a copy was damaged and rebuilt from
// its source's snapshot and events. `npm run events:check` says so, and says which rows when not.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventDomainsOn, systemParts } from '../subgraphs/shared/all-subgraphs.js';
import { databaseUrlVariable } from '../kit/database/databases.js';
import { closeDriver, openDriver, queryRows, type Driver } from '../kit/database/db.js';
import { copiesOf, replicaDifferences } from '../subgraphs/shared/events/replica-check.js';
import { rebuildReplica } from '../subgraphs/shared/events/replica-rebuild.js';
import { subgraphDb } from '../kit/database/db.js';
import { scheduledJobs as checkinJobs } from '../subgraphs/checkin/db/schema.js';
import { complianceEvaluationJob } from '../subgraphs/checkin/jobs/compliance-evaluation.js';
import { runJobOnce } from '../subgraphs/shared/scheduled-job.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { startTestStack, type TestStack } from './support/stack.js';

const run = promisify(execFile);

describe('npm run seed, then events:check and events:rebuild', () => {
  // PostgreSQL (one database, or one per part with TEST_TOPOLOGY=four-databases) when DATABASE_URL is
  // set, each part's URL handed to the commands as <NAME>_DATABASE_URL; else a PGlite folder of its own.
  let database: TestDatabase | undefined;
  let dir: string | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      database = await createTestDatabase();
      env = { ...process.env, DATABASE_URL: '', ...Object.fromEntries(systemParts.map((p) => [databaseUrlVariable(p), database!.urls[p]])) };
    } else {
      dir = mkdtempSync(join(tmpdir(), 'sg-replicas-'));
      env = { ...process.env, DATABASE_URL: '', PGLITE_DIR: dir };
    }
    env = { ...env, NODE_ENV: 'test', CI: 'true' };
  });
  afterAll(async () => {
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const npmRun = async (script: string, ...args: string[]) => {
    try {
      const { stdout } = await run('npx', ['tsx', script, ...args], { env, encoding: 'utf8' });
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code?: number; stdout?: string; stderr?: string };
      return { code: e.code ?? -1, stdout: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  };

  /** SQL on one part's database (the PGlite folder is opened only while no command runs). */
  async function inPart<R>(part: string, statement: string): Promise<R[]> {
    if (database) return queryRows<R>(database.databases.of(part), statement);
    const driver: Driver = await openDriver({ pgliteDir: dir! });
    try {
      return await queryRows<R>(driver, statement);
    } finally {
      await closeDriver(driver);
    }
  }

  it('finds every copy equal after the seed, reports a damaged one row by row, and finds it equal again after rebuilding it', async () => {
    const seeded = await npmRun('scripts/seed.ts', '--enrollees', '150', '--seed', '5');
    expect(seeded.code, seeded.stdout).toBe(0);

    const clean = await npmRun('scripts/events-check.ts');
    expect(clean.code, clean.stdout).toBe(0);
    // Every domain's copy of legal's clients (the read models' too), check-in's terms, legal's cases.
    for (const copy of ['enrollment.partner_clients', 'checkin.partner_clients', 'docket.partner_clients', 'worklist.partner_clients', 'alerts.partner_clients', 'checkin.supervision_terms', 'legal.docket_cases']) {
      expect(clean.stdout, copy).toMatch(new RegExp(`equal +${copy.replace('.', '\\.')} `));
    }
    // The worklist's read model, each of its facts against the domain it comes from.
    for (const source of ['enrollment.latest_enrollments', 'checkin.compliance_states', 'checkin.last_check_ins', 'checkin.open_misses', 'docket.scheduled_hearings', 'legal.active_representations']) {
      expect(clean.stdout, source).toMatch(new RegExp(`equal +worklist\\.people <- ${source.replace('.', '\\.')} `));
    }
    expect(clean.stdout).toContain('All 14 copies equal their sources.');
    expect(clean.stdout).not.toContain('DIFFERS');

    // One period lost, one partner client pointed at another organisation, one client that never was.
    const [term] = await inPart<{ id: string }>('checkin', 'select enrollment_id::text as id from checkin.supervision_terms order by enrollment_id limit 1');
    await inPart('checkin', `delete from checkin.supervision_terms where enrollment_id = '${term!.id}'`);
    const [client] = await inPart<{ id: string }>('docket', 'select representation_id::text as id from docket.partner_clients order by representation_id limit 1');
    await inPart('docket', `update docket.partner_clients set organization_id = '${randomUUID()}' where representation_id = '${client!.id}'`);
    await inPart('docket', `insert into docket.partner_clients (representation_id, organization_id, a_number) values ('${randomUUID()}', '${randomUUID()}', 'A999999999')`);

    const damaged = await npmRun('scripts/events-check.ts');
    expect(damaged.code, damaged.stdout).toBe(1);
    expect(damaged.stdout).toMatch(/DIFFERS checkin\.supervision_terms .*: 1 missing, 0 extra/);
    expect(damaged.stdout).toMatch(/DIFFERS docket\.partner_clients .*: 1 missing, 2 extra/);
    expect(damaged.stdout).toContain(term!.id);
    expect(damaged.stdout).toMatch(/equal +enrollment\.partner_clients/);
    expect(damaged.stdout).toContain('2 of 14 copies differ');
    // The A-number is an identifier never printed, even in a report of differences.
    expect(damaged.stdout).not.toContain('A999999999');

    const rebuilt = await npmRun('scripts/events-rebuild.ts', 'checkin.supervision_terms', 'docket.partner_clients');
    expect(rebuilt.code, rebuilt.stdout).toBe(0);
    expect(rebuilt.stdout).toMatch(/Rebuilt checkin\.supervision_terms: \d+ row\(s\) from enrollment\.supervision_periods/);

    const again = await npmRun('scripts/events-check.ts');
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain('All 14 copies equal their sources.');
  }, 600_000);

  it('refuses to rebuild a consumer that keeps no copy, naming those that do', async () => {
    const refused = await npmRun('scripts/events-rebuild.ts', 'legal.nothing');
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('checkin.supervision_terms');
  }, 120_000);
});

describe('copies of a running system', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ enrollees: 30 });
  });
  afterAll(() => stack?.close());

  const ok = async (query: string, variables: Record<string, unknown>) => {
    const { body } = await stack.gql(query, variables);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data;
  };
  const differences = () => replicaDifferences(eventDomainsOn(stack.database.databases), { settleMs: 5_000 });

  it('equal their sources after mutations of every kind a copy follows, and again after two were damaged and rebuilt', async () => {
    const aNumber = `A8${String(Date.now()).slice(-8)}`;
    const { enroll } = await ok(`mutation($input: EnrollInput!) { enroll(input: $input) { id } }`, {
      input: { aNumber, givenName: 'Rita', familyName: 'Replica', fieldOfficeCode: 'CHI', technology: 'SMARTLINK', checkInCadence: 'WEEKLY', startedAt: new Date(Date.now() - 20 * 86_400_000).toISOString() },
    });
    const change = `mutation($input: ChangeSupervisionInput!) { changeSupervision(input: $input) { id } }`;
    await ok(change, { input: { enrollmentId: enroll.id, checkInCadence: 'MONTHLY' } });
    await ok(change, { input: { enrollmentId: enroll.id, technology: 'VOICE_ID' } });
    await ok(`mutation($input: EndEnrollmentInput!) { endEnrollment(input: $input) { id } }`, { input: { enrollmentId: enroll.id, status: 'TRANSITIONED_OUT', reason: 'Case closed' } });
    const [rep, other] = await stack.sql<{ id: string }>('select id::text as id from legal.representatives where organization_id is not null order by id limit 2');
    const file = `mutation($input: FileRepresentationInput!) { fileRepresentation(input: $input) { id } }`;
    const kept = await ok(file, { input: { aNumber, representativeId: rep!.id, form: 'G_28', scope: 'ALL_PROCEEDINGS' } });
    const gone = await ok(file, { input: { aNumber, representativeId: other!.id, form: 'G_28', scope: 'LIMITED' } });
    await ok(`mutation($input: WithdrawRepresentationInput!) { withdrawRepresentation(input: $input) { id } }`, { input: { representationId: gone.fileRepresentation.id, reason: 'Conflict' } });
    expect(kept.fileRepresentation.id).toBeTruthy();

    expect(await differences()).toEqual([]);

    await stack.sql(`delete from checkin.supervision_terms where enrollment_id = '${enroll.id}'`);
    await stack.sql(`insert into enrollment.partner_clients (representation_id, organization_id, a_number) values ('${randomUUID()}', '${randomUUID()}', 'A999999998')`);
    const found = await differences();
    expect(found.map((r) => [r.consumer, r.missingCount, r.extraCount])).toEqual([
      ['enrollment.partner_clients', 0, 1],
      ['checkin.supervision_terms', 3, 0],
    ]);
    expect(found[1]!.missing.map((row) => row.enrollment_id)).toEqual([enroll.id, enroll.id, enroll.id]);

    const domains = eventDomainsOn(stack.database.databases);
    for (const { owner, consumer, source } of copiesOf(domains, ['enrollment.partner_clients', 'checkin.supervision_terms'])) {
      const result = await rebuildReplica(owner, consumer, source);
      expect(result.snapshotSequence).toBeGreaterThan(0);
    }
    expect(await differences()).toEqual([]);

    // The worklist's read model is checked part by part: a hearing it lost is named with its source.
    const [hearing] = await stack.sql<{ hearing_id: string; a_number: string; court_code: string; scheduled_at: string }>(
      `select hearing_id::text, a_number, court_code, scheduled_at::text from worklist.hearings order by hearing_id limit 1`,
    );
    await stack.sql(`delete from worklist.hearings where hearing_id = '${hearing!.hearing_id}'`);
    const lost = await differences();
    expect(lost.map((r) => [r.consumer, r.snapshot, r.missingCount, r.extraCount])).toEqual([['worklist.people', 'docket.scheduled_hearings', 1, 0]]);
    expect(lost[0]!.missing[0]!.hearing_id).toBe(hearing!.hearing_id);
    await stack.sql(`insert into worklist.hearings values ('${hearing!.hearing_id}', '${hearing!.a_number}', '${hearing!.court_code}', '${hearing!.scheduled_at}')`);
    expect(await differences()).toEqual([]);

    // Its missed check-ins, against the windows check-in reported missed and nothing filled since.
    const [miss] = await stack.sql<{ enrollee_id: string; opens: string; closes: string }>(
      `select enrollee_id::text, window_opens_at::text as opens, window_closes_at::text as closes from worklist.missed_check_ins order by enrollee_id, window_opens_at limit 1`,
    );
    expect(miss, 'the seed left someone with a missed window').toBeDefined();
    await stack.sql(`delete from worklist.missed_check_ins where enrollee_id = '${miss!.enrollee_id}' and window_opens_at = '${miss!.opens}'`);
    const forgotten = await differences();
    expect(forgotten.map((r) => [r.consumer, r.snapshot, r.missingCount, r.extraCount])).toEqual([['worklist.people', 'checkin.open_misses', 1, 0]]);
    await stack.sql(`insert into worklist.missed_check_ins values ('${miss!.enrollee_id}', '${miss!.opens}', '${miss!.closes}')`);
    expect(await differences()).toEqual([]);

    // Three weeks on, check-in's job reports the windows that closed empty meanwhile: the worklist's
    // copy of them still equals what check-in recorded it reported.
    const before = (await stack.sql<{ n: number }>(`select count(*)::int as n from worklist.missed_check_ins`))[0]!.n;
    const checkinDb = subgraphDb(stack.database.databases.of('checkin'));
    const job = complianceEvaluationJob({ intervalMs: 60_000, batchSize: 1000 });
    const at = new Date(Date.now() + 21 * 86_400_000);
    for (let outcome = await runJobOnce(checkinDb, checkinJobs, job, at); outcome.ran && outcome.result.more; outcome = await runJobOnce(checkinDb, checkinJobs, job, at));
    expect(await differences()).toEqual([]);
    expect((await stack.sql<{ n: number }>(`select count(*)::int as n from worklist.missed_check_ins`))[0]!.n).toBeGreaterThan(before);
  }, 120_000);
});
