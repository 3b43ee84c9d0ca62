// Readiness: may this server take traffic now? Each check names a dependency (the database, a
// subgraph) and resolves when it answers. /readyz reports them by name only: no URL, no error text.
import type { ServerResponse } from 'node:http';

export type ReadinessChecks = Record<string, () => Promise<unknown>>;

/**
 * What the probe also reports without failing it (a consumer's dead letters need an operator, but
 * taking every replica out of rotation for them would only add an outage).
 */
export type ReadinessDetails = () => Promise<Record<string, unknown>>;

export type CheckResult = 'ok' | 'unavailable';

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

/** A probe must answer quickly even when a dependency hangs. */
export const READINESS_CHECK_TIMEOUT_MS = 2_000;

export async function checkReadiness(checks: ReadinessChecks, timeoutMs = READINESS_CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
  const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await withinTimeout(check, timeoutMs)] as const));
  return { ready: entries.every(([, result]) => result === 'ok'), checks: Object.fromEntries(entries) };
}

async function withinTimeout(check: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve('unavailable'), timeoutMs);
  });
  try {
    return await Promise.race([check().then((): CheckResult => 'ok', (): CheckResult => 'unavailable'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Answers /readyz: 200 when every check passes, else 503 naming the ones that failed. */
export async function answerReadiness(res: ServerResponse, checks: ReadinessChecks, draining: boolean, details?: ReadinessDetails): Promise<void> {
  const report = draining ? { ready: false, checks: { shutdown: 'unavailable' as const } } : await checkReadiness(checks);
  const notReady = Object.entries(report.checks).flatMap(([name, result]) => (result === 'ok' ? [] : [name]));
  const extra = details && !draining ? await detailsWithin(details, READINESS_CHECK_TIMEOUT_MS) : {};
  res.writeHead(report.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ status: report.ready ? 'ready' : 'unavailable', checks: report.checks, ...(notReady.length ? { notReady } : {}), ...extra }));
}

/** The details, or nothing when they fail or take too long (the checks already say why). */
async function detailsWithin(details: ReadinessDetails, timeoutMs: number): Promise<Record<string, unknown>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Record<string, unknown>>((resolve) => {
    timer = setTimeout(() => resolve({}), timeoutMs);
  });
  try {
    return await Promise.race([details().catch(() => ({})), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
