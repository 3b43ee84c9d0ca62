// The snapshots check-in publishes of what other domains copy from its events (shared/events/snapshot.ts).
import type { Snapshot } from '../../shared/events/snapshot.js';

/** What ComplianceChanged last said of each person who has a level: the worklist people's compliance facts. */
export const publishedComplianceSnapshot: Snapshot = {
  source: 'checkin',
  name: 'checkin.compliance_states',
  sql: `select enrollee_id, level as compliance_level, consecutive_misses, window_closes_at from checkin.compliance_states where level is not null`,
};

/** The windows reported missed (CheckInMissed) that no late check-in or excuse has filled since: the worklist's missed check-ins. */
export const openMissesSnapshot: Snapshot = {
  source: 'checkin',
  name: 'checkin.open_misses',
  sql: `select m.enrollee_id, m.window_opens_at, m.window_closes_at from checkin.reported_misses m
        where not exists (select 1 from checkin.check_ins c where c.enrollee_id = m.enrollee_id and c.due_at = m.window_opens_at)`,
};

/** Each person's latest check-in submitted (CheckInRecorded): the worklist people's last check-in. */
export const lastCheckInsSnapshot: Snapshot = {
  source: 'checkin',
  name: 'checkin.last_check_ins',
  sql: `select enrollee_id, max(submitted_at) as last_check_in_at from checkin.check_ins where submitted_at is not null group by enrollee_id`,
};
