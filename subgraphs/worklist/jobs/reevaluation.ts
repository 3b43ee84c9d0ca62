// Time-driven changes of the read model's own derivation: a hearing entering the 7-day window, or
// starting (the next one becomes "next"). Every WORKLIST_REEVALUATION_INTERVAL_SECONDS (default 60)
// one replica rewrites the rows whose `reevaluate_at` has passed, a batch at a time.
import type { ScheduledJob } from '../../shared/scheduled-job.js';
import { reevaluateDue } from '../evaluate.js';

export const WORKLIST_REEVALUATION_JOB = 'worklist-reevaluation';
const BATCH = 1000;

export function reevaluationJob(env: NodeJS.ProcessEnv = process.env): ScheduledJob {
  const seconds = Number(env.WORKLIST_REEVALUATION_INTERVAL_SECONDS ?? 60);
  if (!(seconds > 0)) throw new Error(`WORKLIST_REEVALUATION_INTERVAL_SECONDS must be a positive number, not "${env.WORKLIST_REEVALUATION_INTERVAL_SECONDS}"`);
  return {
    name: WORKLIST_REEVALUATION_JOB,
    intervalMs: seconds * 1000,
    async run(tx, now) {
      const rewritten = await reevaluateDue(tx, now, BATCH);
      return { rewritten, more: rewritten === BATCH };
    },
  };
}
