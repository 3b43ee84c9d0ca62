// The read model agrees with the source of truth at a set time. The clock (Date only: timers stay
// real) is set, the system seeded at that instant, and a day is driven forward in steps: at each,
// writes in every domain, then the time-driven jobs run at that instant (check-in's compliance
// evaluation, the worklist's reevaluation) and the events drain; then, for every person, the
// worklist's level and reasons must equal the federated supervisionStatus at that moment.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { complianceEvaluationJob } from '../subgraphs/checkin/jobs/compliance-evaluation.js';
import { scheduledJobs as checkinJobs } from '../subgraphs/checkin/db/schema.js';
import { subgraphDb } from '../kit/database/db.js';
import { runJobOnce, type ScheduledJob, type ScheduledJobsTable } from '../subgraphs/shared/scheduled-job.js';
import { scheduledJobs as worklistJobs } from '../subgraphs/worklist/db/schema.js';
import { reevaluationJob } from '../subgraphs/worklist/jobs/reevaluation.js';
import { startTestStack, type TestStack } from './support/stack.js';

const T0 = new Date('2026-06-01T13:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let stack: TestStack;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'], now: T0 });
  stack = await startTestStack({ enrollees: 80, seed: 11 });
}, 300_000);

afterAll(async () => {
  await stack?.close();
  vi.useRealTimers();
});

async function runUntilDone(table: ScheduledJobsTable, job: ScheduledJob, now: Date) {
  const db = subgraphDb(stack.database.driver);
  for (let outcome = await runJobOnce(db, table, job, now); outcome.ran && outcome.result.more; outcome = await runJobOnce(db, table, job, now));
}

/** Waits until the worklist's consumer has applied everything each domain has published. */
async function drained(): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const [row] = await stack.sql<{ behind: number }>(`
      select count(*)::int as behind from (values ('enrollment'), ('checkin'), ('docket'), ('legal')) d(source)
      where coalesce((select sequence from worklist.consumer_offsets o where o.consumer = 'worklist.people' and o.source = d.source), 0) <
            (select coalesce(max(sequence), 0) from enrollment.outbox where d.source = 'enrollment') + (select coalesce(max(sequence), 0) from checkin.outbox where d.source = 'checkin')
          + (select coalesce(max(sequence), 0) from docket.outbox where d.source = 'docket') + (select coalesce(max(sequence), 0) from legal.outbox where d.source = 'legal')`);
    if (row!.behind === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the worklist did not catch up');
}

const EVERYONE = `query($after: String) { worklist(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
  edges { node { level reasons enrollee { id supervisionStatus { level reasons } } } } } }`;

async function disagreements(): Promise<{ rows: number; differ: unknown[] }> {
  const differ: unknown[] = [];
  let rows = 0;
  let after: string | null = null;
  do {
    const { body }: { body: any } = await stack.gql(EVERYONE, { after });
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    for (const { node } of body.data.worklist.edges) {
      rows++;
      const mine = { level: node.level, reasons: node.reasons };
      if (JSON.stringify(mine) !== JSON.stringify(node.enrollee.supervisionStatus)) differ.push({ id: node.enrollee.id, worklist: mine, federated: node.enrollee.supervisionStatus });
    }
    after = body.data.worklist.pageInfo.hasNextPage ? body.data.worklist.pageInfo.endCursor : null;
  } while (after);
  return { rows, differ };
}

/** Some writes in every domain at the current instant; refusals (no window open, say) are fine. */
async function someWrites(step: number): Promise<number> {
  let done = 0;
  const ok = async (query: string, input: Record<string, unknown>) => {
    const { body } = await stack.gql(query, { input });
    if (!body.errors) done++;
    return body;
  };
  const active = await stack.sql<{ id: string; a: string; enrollment: string }>(
    `select e.id::text as id, e.a_number as a, n.id::text as enrollment from enrollment.enrollees e join enrollment.enrollments n on n.enrollee_id = e.id and n.is_current and n.status = 'ACTIVE' order by md5(e.id::text || '${step}') limit 8`,
  );
  for (const p of active.slice(0, 4)) {
    await ok(`mutation($input: RecordCheckInInput!) { recordCheckIn(input: $input) { id } }`, { idempotencyKey: randomUUID(), enrolleeId: p.id, method: 'APP_PHOTO', identityVerification: 'MATCHED' });
  }
  const [missed] = active.slice(4, 5);
  if (missed) {
    const { body } = await stack.gql(`query($id: UUID!) { enrollee(id: $id) { checkIns(first: 10) { edges { node { outcome dueWindow { opensAt } } } } } }`, { id: missed.id });
    const window = body.data?.enrollee?.checkIns?.edges.map((e: any) => e.node).find((n: any) => n.outcome === 'MISSED');
    if (window) await ok(`mutation($input: ExcuseCheckInInput!) { excuseCheckIn(input: $input) { id } }`, { enrolleeId: missed.id, dueWindowOpensAt: window.dueWindow.opensAt, reason: 'Hospitalized' });
  }
  const [hearing] = await stack.sql<{ id: string }>(`select id::text as id from docket.hearings where status = 'SCHEDULED' and scheduled_at > '${new Date().toISOString()}' order by md5(id::text || '${step}') limit 1`);
  if (hearing) {
    // Into the coming week, so the HEARING_WITHIN_7_DAYS rule is crossed by writes as well as by time.
    const at = new Date(Date.now() + (2 + (step % 5)) * DAY);
    at.setUTCHours(15, 30, 0, 0);
    await ok(`mutation($input: RescheduleHearingInput!) { rescheduleHearing(input: $input) { id } }`, { hearingId: hearing.id, scheduledAt: at.toISOString(), reason: 'Docket reset by the court' });
  }
  const ending = active[5];
  if (ending && step % 3 === 0) await ok(`mutation($input: EndEnrollmentInput!) { endEnrollment(input: $input) { id } }`, { enrollmentId: ending.enrollment, status: step % 2 ? 'ABSCONDED' : 'TERMINATED', reason: 'Stopped reporting' });
  return done;
}

it('for every person, at every step of a day of writes and window closings, the worklist says what supervisionStatus says', async () => {
  let writes = 0;
  let changedByTime = 0;
  let previous = '';
  for (let step = 0; step <= 8; step++) {
    const now = new Date(T0.getTime() + step * 3 * HOUR);
    vi.setSystemTime(now);
    if (step > 0) writes += await someWrites(step);
    await runUntilDone(checkinJobs, complianceEvaluationJob({ intervalMs: 60_000, batchSize: 50 }), now);
    await runUntilDone(worklistJobs, reevaluationJob({}), now);
    await drained();
    const { rows, differ } = await disagreements();
    expect(rows).toBe(80);
    expect(differ, `at ${now.toISOString()}`).toEqual([]);
    const [levels] = await stack.sql<{ s: string }>(`select string_agg(level || array_to_string(reasons, ','), ';' order by enrollee_id) as s from worklist.people`);
    if (previous && levels!.s !== previous) changedByTime++;
    previous = levels!.s;
  }
  // The day did move things: writes landed, misses were published by the job, and verdicts changed.
  expect(writes).toBeGreaterThan(10);
  const [{ missed }] = (await stack.sql<{ missed: number }>(`select count(*)::int as missed from checkin.outbox where type = 'CheckInMissed'`)) as [{ missed: number }];
  expect(missed).toBeGreaterThan(0);
  expect(changedByTime).toBeGreaterThan(2);
}, 600_000);
