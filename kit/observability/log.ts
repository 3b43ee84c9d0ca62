// Structured JSON logs through pino, one line per event. Every line written while a request is
// served carries its `requestId` (from the request scope). Callers pass identifiers, codes and
// counts only, never personal data; the redaction list below is a second line of defence.
import { pino, type DestinationStream, type Logger } from 'pino';
import { currentRequestId } from '../http/request-scope.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface LogSettings {
  /** pino level name, or 'silent'. Default: LOG_LEVEL, else 'info' (vitest sets LOG_LEVEL=silent). */
  level?: string;
  /** Where lines go; default stdout. Tests pass an in-memory stream. */
  destination?: DestinationStream;
}

// Field names that hold personal data in this system. Nothing should log them; if something does,
// the value is replaced rather than written.
const PERSONAL_FIELDS = ['givenName', 'familyName', 'aNumber', 'dateOfBirth', 'phone', 'address', 'location', 'latitude', 'longitude'];

function createLogger(settings: LogSettings = {}): Logger {
  const options = {
    level: settings.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    redact: { paths: PERSONAL_FIELDS.flatMap((field) => [field, `*.${field}`]), censor: '[redacted]' },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

let logger = createLogger();

/** Replaces the process's logger (entry points at startup; tests capturing lines). */
export function configureLogging(settings: LogSettings): void {
  logger = createLogger(settings);
}

export function logEvent(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  logger[level](fields, msg);
}

/**
 * Apollo's own messages (gateway and servers) as pino lines tagged `source: apollo`, so they carry
 * the request id, obey LOG_LEVEL and reach the same sink instead of bypassing it on the console.
 * Its info messages are start-up chatter ("Gateway successfully loaded schema"): debug here, as
 * Apollo's own gateway logger kept them below its default level.
 */
export const apolloLogger = {
  debug: (message?: unknown) => logEvent('debug', String(message), { source: 'apollo' }),
  info: (message?: unknown) => logEvent('debug', String(message), { source: 'apollo' }),
  warn: (message?: unknown) => logEvent('warn', String(message), { source: 'apollo' }),
  error: (message?: unknown) => logEvent('error', String(message), { source: 'apollo' }),
};
