// Location retention with a clock: check-ins of one person sit at known ages before an instant B;
// the job runs as if it were B (and later B + 30 days), and the API (a staff key holding
// checkins.location:read and audit:read) shows old locations coarsened or removed, recent ones
// exact, and one audit event per purge holding counts only. Runs that race do not both purge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locationRetentionJob, locationRetentionSettings } from '../subgraphs/checkin/jobs/location-retention.js';
import { scheduledJobs } from '../subgraphs/checkin/db/schema.js';
import { subgraphDb, type DB } from '../kit/database/db.js';
import { runJobOnce, type ScheduledJob } from '../subgraphs/shared/scheduled-job.js';
import { insertPerson, type RowFixture } from './support/checkin-fixtures.js';
import { startTestStack, type TestStack } from './support/stack.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Long before the seeded data (which is recent), so the job's cut-offs only reach this test's rows.
const B = new Date('2010-06-01T12:00:00.000Z');
const termStart = new Date(B.getTime() - 16 * 28 * DAY);
const opens = (k: number) => new Date(termStart.getTime() + k * 28 * DAY);
const submitted = (k: number) => new Date(opens(k).getTime() + HOUR);
const located = (k: number, latitude: number, longitude: number, accuracyMeters: number): RowFixture => ({
  dueAt: opens(k),
  submittedAt: submitted(k),
  method: 'APP_PHOTO',
  verification: 'MATCHED',
  latitude,
  longitude,
  accuracyMeters,
});

// Ages at B: window 15 is 28 days old, 13 is 84 days, 2 is 392 days; window 10 has no location.
const RECENT = 15;
const MONTHS_OLD = 13;
const YEAR_OLD = 2;
const UNLOCATED = 10;

let stack: TestStack;
let db: DB;
let enrolleeId: string;
const job = locationRetentionJob(locationRetentionSettings({}));

beforeAll(async () => {
  stack = await startTestStack({ enrollees: 5 });
  db = subgraphDb(stack.database.driver);
  enrolleeId = await insertPerson(
    db,
    { aNumber: 'A299000001', familyName: 'Retention' },
    [{ technology: 'SMARTLINK', cadence: 'MONTHLY', startedAt: termStart, endedAt: new Date(B.getTime() + DAY) }],
    [
      located(RECENT, 40.712776, -74.005974, 15),
      located(MONTHS_OLD, 40.748817, -73.985428, 8),
      located(YEAR_OLD, 34.052235, -118.243683, 20),
      { dueAt: opens(UNLOCATED), submittedAt: submitted(UNLOCATED), method: 'OFFICE_VISIT', verification: 'MATCHED' },
    ],
  );
}, 120_000);
afterAll(async () => stack?.close());

async function locations(): Promise<Record<string, unknown>> {
  const { body } = await stack.gql(
    `query($id: UUID!) { enrollee(id: $id) { checkIns(first: 20) { edges { node { submittedAt location { latitude longitude accuracyMeters } } } } } }`,
    { id: enrolleeId },
  );
  expect(body.errors).toBeUndefined();
  const nodes = body.data.enrollee.checkIns.edges.map((e: { node: { submittedAt: string | null; location: unknown } }) => e.node);
  return Object.fromEntries(nodes.filter((n: { submittedAt: string | null }) => n.submittedAt).map((n: { submittedAt: string; location: unknown }) => [n.submittedAt, n.location]));
}

async function purges() {
  const { body } = await stack.gql(
    `{ checkInAuditEvents(operation: "locationRetention", first: 10) { totalCount edges { node { callerKind callerId recordType recordId enrolleeId aNumber changes } } } }`,
  );
  expect(body.errors).toBeUndefined();
  return body.data.checkInAuditEvents;
}

const at = (k: number) => submitted(k).toISOString();

describe('location retention', () => {
  it('coarsens locations older than 30 days to two decimals, removes those older than a year, keeps recent ones exact', async () => {
    expect(await runJobOnce(db, scheduledJobs, job, B)).toEqual({ ran: true, result: { removed: 1, coarsened: 1, more: false } });
    expect(await locations()).toMatchObject({
      [at(RECENT)]: { latitude: 40.712776, longitude: -74.005974, accuracyMeters: 15 },
      [at(MONTHS_OLD)]: { latitude: 40.75, longitude: -73.99, accuracyMeters: 1000 },
      [at(YEAR_OLD)]: null,
      [at(UNLOCATED)]: null,
    });
  });

  it('records the purge in the audit trail with counts and cut-offs, never a location', async () => {
    const trail = await purges();
    expect(trail.totalCount).toBe(1);
    expect(trail.edges[0].node).toEqual({
      callerKind: 'system',
      callerId: 'scheduled-job:location-retention',
      recordType: 'CheckIn',
      recordId: 'location-retention',
      enrolleeId: null,
      aNumber: null,
      changes: {
        locationsRemoved: { to: 1 },
        locationsCoarsened: { to: 1 },
        removedBefore: { to: new Date(B.getTime() - 365 * DAY).toISOString() },
        coarsenedBefore: { to: new Date(B.getTime() - 30 * DAY).toISOString() },
      },
    });
    expect(JSON.stringify(trail)).not.toMatch(/40\.7|73\.9|74\.0|34\.05|118\.2/);
  });

  it('does not run again before it is due, and two runs that race purge once', async () => {
    expect(await runJobOnce(db, scheduledJobs, job, new Date(B.getTime() + 10 * 60_000))).toEqual({ ran: false, reason: 'not due' });
    // A month later the recent check-in is old enough too; two replicas tick at the same moment.
    const later = new Date(B.getTime() + 30 * DAY);
    const outcomes = await Promise.all([runJobOnce(db, scheduledJobs, job, later), runJobOnce(db, scheduledJobs, job, later)]);
    expect(outcomes.filter((o) => o.ran)).toEqual([{ ran: true, result: { removed: 0, coarsened: 1, more: false } }]);
    expect(outcomes.filter((o) => !o.ran)).toHaveLength(1);
    expect((await locations())[at(RECENT)]).toEqual({ latitude: 40.71, longitude: -74.01, accuracyMeters: 1000 });
    expect((await purges()).totalCount).toBe(2);
  });

  it('while one replica runs a job, another that ticks finds it locked (Postgres) or waits and finds it done (PGlite)', async () => {
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const slow: ScheduledJob = {
      name: 'retention-test-slow-job',
      intervalMs: DAY,
      run: async () => {
        started();
        await new Promise<void>((resolve) => (release = resolve));
        return { done: 1 };
      },
    };
    const first = runJobOnce(db, scheduledJobs, slow, B);
    await running;
    const second = runJobOnce(db, scheduledJobs, slow, B);
    // PGlite runs one transaction at a time, so the second waits for the first; Postgres answers at once.
    const early = await Promise.race([second, new Promise((resolve) => setTimeout(() => resolve('waiting'), 500))]);
    release();
    expect(await first).toEqual({ ran: true, result: { done: 1 } });
    if (stack.database.driver.kind === 'pg') expect(early).toEqual({ ran: false, reason: 'locked' });
    else expect(await second).toEqual({ ran: false, reason: 'not due' });
  });
});
