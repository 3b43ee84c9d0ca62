// Time-driven compliance facts, published by the domain that owns the rule: every
// COMPLIANCE_EVALUATION_INTERVAL_SECONDS (default 60) one replica (shared/scheduled-job.ts) takes the
// people whose next evaluation is due and publishes their misses and compliance changes
// (compliance-state.ts). A full batch makes the job due again at once until the backlog is gone.
import type { ScheduledJob } from '../../shared/scheduled-job.js';
import { evaluateCompliance, findDue } from '../compliance-state.js';

export const COMPLIANCE_EVALUATION_JOB = 'compliance-evaluation';

export interface ComplianceEvaluationSettings {
  intervalMs: number;
  batchSize: number;
}

export function complianceEvaluationSettings(env: NodeJS.ProcessEnv = process.env): ComplianceEvaluationSettings {
  const interval = Number(env.COMPLIANCE_EVALUATION_INTERVAL_SECONDS ?? 60);
  const batch = Number(env.COMPLIANCE_EVALUATION_BATCH ?? 1000);
  if (!(interval > 0)) throw new Error(`COMPLIANCE_EVALUATION_INTERVAL_SECONDS must be a positive number, not "${env.COMPLIANCE_EVALUATION_INTERVAL_SECONDS}"`);
  if (!(Number.isInteger(batch) && batch > 0)) throw new Error(`COMPLIANCE_EVALUATION_BATCH must be a positive integer, not "${env.COMPLIANCE_EVALUATION_BATCH}"`);
  return { intervalMs: interval * 1000, batchSize: batch };
}

export function complianceEvaluationJob(settings: ComplianceEvaluationSettings = complianceEvaluationSettings()): ScheduledJob {
  return {
    name: COMPLIANCE_EVALUATION_JOB,
    intervalMs: settings.intervalMs,
    async run(tx, now) {
      const due = await findDue(tx, now, settings.batchSize);
      const result = await evaluateCompliance(tx, due, now, { reportMisses: true });
      return { ...result, more: due.length === settings.batchSize };
    },
  };
}
