// Periodic work that runs once across replicas: every replica of a subgraph starts the same timer,
// and each tick tries a transaction-scoped advisory lock on the job's name, then reads the job's row
// in the subgraph's `scheduled_jobs` table. Only the replica that gets the lock and finds the job due
// runs it, in that same transaction, and records when it is next due. A replica that loses the race
// or finds the job already done for this interval does nothing. The lock keeps two replicas from
// running it at once; the row keeps a second replica from running it again right after the first.
// Works on PGlite too (one process: its transactions already run one at a time).
import { eq, sql } from 'drizzle-orm';
import { jsonb, text, timestamp, type PgSchema } from 'drizzle-orm/pg-core';
import type { DB } from '../../kit/database/db.js';
import { logEvent } from '../../kit/observability/log.js';

/** The table each subgraph with jobs keeps in its own schema (like auditEventsTable). */
export function scheduledJobsTable(schema: PgSchema<string>) {
  return schema.table('scheduled_jobs', {
    name: text().primaryKey(),
    lastRunAt: timestamp('last_run_at', { withTimezone: true }).notNull(),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
    /** What the last run reported (counts only: it is a log, not data). */
    lastResult: jsonb('last_result').$type<Record<string, number | boolean>>().notNull(),
  });
}
export type ScheduledJobsTable = ReturnType<typeof scheduledJobsTable>;

export interface JobResult extends Record<string, number | boolean | undefined> {
  /** Work is left over (a bounded batch was full): the job is due again at once rather than after `intervalMs`. */
  more?: boolean;
}

export interface ScheduledJob {
  /** Unique within the subgraph; also the advisory lock's key (hashed). */
  name: string;
  intervalMs: number;
  /** The work, inside the transaction that holds the lock; `now` comes from the job's clock. */
  run: (tx: DB, now: Date) => Promise<JobResult>;
}

export type JobOutcome = { ran: true; result: JobResult } | { ran: false; reason: 'locked' | 'not due' };

/** One tick: runs `job` if this caller wins the lock and the job is due at `now`. */
export async function runJobOnce(db: DB, table: ScheduledJobsTable, job: ScheduledJob, now: Date): Promise<JobOutcome> {
  return db.transaction(async (tx) => {
    // hashtext: a stable int4 per job name; the 'scheduled-job:' prefix keeps it clear of other advisory locks.
    const [lock] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(hashtext(${`scheduled-job:${job.name}`})) as locked`));
    if (!lock?.locked) return { ran: false, reason: 'locked' } as const;
    const [state] = await tx.select().from(table).where(eq(table.name, job.name));
    if (state && state.nextRunAt > now) return { ran: false, reason: 'not due' } as const;
    const result = await job.run(tx as unknown as DB, now);
    const next = { lastRunAt: now, nextRunAt: new Date(now.getTime() + (result.more ? 0 : job.intervalMs)), lastResult: definedOnly(result) };
    await tx.insert(table).values({ name: job.name, ...next }).onConflictDoUpdate({ target: table.name, set: next });
    return { ran: true, result } as const;
  });
}

// node-postgres answers execute() with { rows }, PGlite with { rows } too, drizzle types it loosely.
const rowsOf = <R>(result: unknown) => (result as { rows: R[] }).rows;
const definedOnly = (result: JobResult) => Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) as Record<string, number | boolean>;

export interface RunningJobs {
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  /** The clock (tests move it); default the wall clock. */
  now?: () => Date;
  /** How often each replica looks whether a job is due (default: a minute, or the job's interval if shorter). */
  tickMs?: number;
}

/** Starts a timer per job; stop() clears them and waits for a tick in progress. */
export function scheduleJobs(db: DB, table: ScheduledJobsTable, jobs: readonly ScheduledJob[], options: ScheduleOptions = {}): RunningJobs {
  const now = options.now ?? (() => new Date());
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;
  const timers = jobs.map((job) => {
    let busy = false; // a run longer than the tick is not started twice by the same replica
    const tick = async () => {
      // A run with work left over goes again straight away, still one lock-holding transaction at a time.
      for (let outcome = await runJobOnce(db, table, job, now()); outcome.ran && outcome.result.more && !stopped; outcome = await runJobOnce(db, table, job, now()));
    };
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const running = tick()
        .catch((error: unknown) => logEvent('error', 'scheduled job failed', { job: job.name, errorCode: (error as { code?: string }).code }))
        .finally(() => {
          busy = false;
          inFlight.delete(running);
        });
      inFlight.add(running);
    }, options.tickMs ?? Math.min(job.intervalMs, 60_000));
    // A timer alone must not keep a process alive that is otherwise done.
    timer.unref();
    return timer;
  });
  return {
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      await Promise.all(inFlight);
    },
  };
}
