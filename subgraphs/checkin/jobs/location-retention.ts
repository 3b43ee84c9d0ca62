// Location is kept no longer than it is needed: a check-in's location is rounded to about a
// kilometre once it is LOCATION_COARSEN_AFTER_DAYS old (default 30) and removed once it is
// LOCATION_DELETE_AFTER_DAYS old (default 365), by a job that runs once across replicas
// (shared/scheduled-job.ts). Each run that changes rows appends one audit event with the counts,
// never a location. Each statement touches at most a batch of rows, found through a partial index
// that holds only the rows still to do, so a run stays cheap however many check-ins there are; a
// full batch makes the job due again at once until the backlog is gone.
import { sql } from 'drizzle-orm';
import type { DB } from '../../../kit/database/db.js';
import type { JobResult, ScheduledJob } from '../../shared/scheduled-job.js';
import { auditEvents } from '../db/schema.js';

export const LOCATION_RETENTION_JOB = 'location-retention';

export interface LocationRetentionSettings {
  coarsenAfterDays: number;
  deleteAfterDays: number;
  /** Rows per statement (default 5000). */
  batchSize: number;
  intervalMs: number;
}

const DAY_MS = 86_400_000;
/** Two decimals of a degree: about 1.1 km of latitude, so the reported accuracy becomes at least that. */
const COARSE_DECIMALS = 2;
const COARSE_ACCURACY_METERS = 1_000;

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}

/** LOCATION_COARSEN_AFTER_DAYS, LOCATION_DELETE_AFTER_DAYS, LOCATION_RETENTION_BATCH, LOCATION_RETENTION_INTERVAL_MINUTES. */
export function locationRetentionSettings(env: NodeJS.ProcessEnv = process.env): LocationRetentionSettings {
  const settings = {
    coarsenAfterDays: positiveNumber(env, 'LOCATION_COARSEN_AFTER_DAYS', 30),
    deleteAfterDays: positiveNumber(env, 'LOCATION_DELETE_AFTER_DAYS', 365),
    batchSize: Math.floor(positiveNumber(env, 'LOCATION_RETENTION_BATCH', 5_000)),
    intervalMs: positiveNumber(env, 'LOCATION_RETENTION_INTERVAL_MINUTES', 60) * 60_000,
  };
  if (settings.deleteAfterDays < settings.coarsenAfterDays) {
    throw new Error('LOCATION_DELETE_AFTER_DAYS must not be shorter than LOCATION_COARSEN_AFTER_DAYS');
  }
  return settings;
}

const affected = (result: unknown) => (result as { rows: unknown[] }).rows.length;

/** One batch of each step, oldest first; removal goes first so nothing is coarsened only to be removed. */
export async function applyLocationRetention(tx: DB, now: Date, settings: LocationRetentionSettings): Promise<JobResult> {
  const removeBefore = new Date(now.getTime() - settings.deleteAfterDays * DAY_MS);
  const coarsenBefore = new Date(now.getTime() - settings.coarsenAfterDays * DAY_MS);
  const removed = affected(
    await tx.execute(sql`
      update checkin.check_ins set latitude = null, longitude = null, accuracy_meters = null
      where id in (
        select id from checkin.check_ins
        where latitude is not null and submitted_at < ${removeBefore}
        order by submitted_at limit ${settings.batchSize}
      )
      returning 1`),
  );
  const coarsened = affected(
    await tx.execute(sql`
      update checkin.check_ins
      set latitude = round(latitude::numeric, ${COARSE_DECIMALS})::float8,
          longitude = round(longitude::numeric, ${COARSE_DECIMALS})::float8,
          accuracy_meters = greatest(coalesce(accuracy_meters, 0), ${COARSE_ACCURACY_METERS}),
          location_coarsened_at = ${now}
      where id in (
        select id from checkin.check_ins
        where latitude is not null and location_coarsened_at is null and submitted_at < ${coarsenBefore}
        order by submitted_at limit ${settings.batchSize}
      )
      returning 1`),
  );
  if (removed + coarsened > 0) {
    // Counts and cut-offs only: the trail says the purge happened, never where anyone was.
    await tx.insert(auditEvents).values({
      occurredAt: now,
      callerKind: 'system',
      callerId: `scheduled-job:${LOCATION_RETENTION_JOB}`,
      operation: 'locationRetention',
      recordType: 'CheckIn',
      recordId: LOCATION_RETENTION_JOB,
      changes: {
        locationsRemoved: { to: removed },
        locationsCoarsened: { to: coarsened },
        removedBefore: { to: removeBefore.toISOString() },
        coarsenedBefore: { to: coarsenBefore.toISOString() },
      },
    });
  }
  return { removed, coarsened, more: removed === settings.batchSize || coarsened === settings.batchSize };
}

export function locationRetentionJob(settings: LocationRetentionSettings = locationRetentionSettings()): ScheduledJob {
  return { name: LOCATION_RETENTION_JOB, intervalMs: settings.intervalMs, run: (tx, now) => applyLocationRetention(tx, now, settings) };
}
