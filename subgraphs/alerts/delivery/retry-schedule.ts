// When a failed delivery is tried again: Standard Webhooks' suggested schedule (immediately, then
// 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: about 27.6 hours in all), each delay with ±20 % jitter
// so endpoints that failed together do not retry together. An endpoint whose every delivery has
// failed for 24 hours is disabled. WEBHOOK_RETRY_DELAYS_MS (comma-separated) and
// WEBHOOK_DISABLE_AFTER_MS replace both for tests and benchmarks.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DEFAULT_RETRY_DELAYS_MS = [5_000, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR];
export const DEFAULT_DISABLE_AFTER_MS = 24 * HOUR;

export interface RetrySettings {
  /** Delay before attempt n + 2 after attempt n + 1 failed; its length bounds the attempts. */
  delaysMs: number[];
  disableAfterMs: number;
  jitter: number;
}

export function retrySettings(env: NodeJS.ProcessEnv = process.env): RetrySettings {
  const delays = env.WEBHOOK_RETRY_DELAYS_MS?.split(',').map(Number);
  if (delays && delays.some((d) => !Number.isFinite(d) || d < 0)) throw new Error(`WEBHOOK_RETRY_DELAYS_MS must be comma-separated milliseconds, not "${env.WEBHOOK_RETRY_DELAYS_MS}"`);
  const disableAfterMs = env.WEBHOOK_DISABLE_AFTER_MS ? Number(env.WEBHOOK_DISABLE_AFTER_MS) : DEFAULT_DISABLE_AFTER_MS;
  return { delaysMs: delays ?? DEFAULT_RETRY_DELAYS_MS, disableAfterMs, jitter: 0.2 };
}

/** The delay after failed attempt number `attempts` (1-based), or null when none is left. */
export function nextDelayMs(attempts: number, settings: RetrySettings, random = Math.random): number | null {
  const base = settings.delaysMs[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - settings.jitter + 2 * settings.jitter * random()));
}
