// The snapshots the docket publishes of what other domains copy from its events (shared/events/snapshot.ts).
import type { Snapshot } from '../../shared/events/snapshot.js';

/** Every docketed case and whose it is: what legal's docket_cases holds (CaseOpened). */
export const casesSnapshot: Snapshot = {
  source: 'docket',
  name: 'docket.cases',
  sql: `select id as case_id, a_number from docket.cases`,
};

/** Every hearing still SCHEDULED: what the worklist's hearings holds (HearingScheduled, HearingRescheduled, HearingOutcomeRecorded). */
export const scheduledHearingsSnapshot: Snapshot = {
  source: 'docket',
  name: 'docket.scheduled_hearings',
  sql: `select id as hearing_id, a_number, court_code, scheduled_at from docket.hearings where status = 'SCHEDULED'`,
};
