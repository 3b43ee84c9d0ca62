// Structured one-line JSON logs. Callers pass identifiers and codes only, never personal data.
export type Level = 'info' | 'warn' | 'error';

export function logEvent(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (process.env.LOG_LEVEL === 'silent') return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
  (level === 'error' ? process.stderr : process.stdout).write(line + '\n');
}
