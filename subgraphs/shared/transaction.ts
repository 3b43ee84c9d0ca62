// Every mutation is one transaction: its rows, its audit event and its domain events commit
// together or not at all.
import type { DB } from '../../kit/database/db.js';
import { announceCommitted } from './events/commits.js';

export async function inTransaction<T>(db: DB, work: (tx: DB) => Promise<T>): Promise<T> {
  let transaction: object | undefined;
  const result = await db.transaction((tx) => work((transaction = tx) as unknown as DB));
  // Committed: whoever feeds consumers from this domain's outbox hears of it now, not on its next
  // poll; in process, this waits until the copies here have it (commits.ts).
  await announceCommitted(transaction);
  return result;
}

/** The Postgres error behind a drizzle error (drizzle wraps driver errors in `cause`). */
function driverError(error: unknown): { code?: string; constraint?: string } | undefined {
  let current = error as { code?: string; constraint?: string; cause?: unknown } | undefined;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current.code === 'string' && /^[0-9A-Z]{5}$/.test(current.code)) return current;
    current = current.cause as typeof current;
  }
  return undefined;
}

/** True when the error is a unique violation, of the named constraint or index if one is given. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = driverError(error);
  if (pgError?.code !== '23505') return false;
  // PGlite does not always report the constraint name; then any unique violation matches.
  return !constraint || !pgError.constraint || pgError.constraint === constraint;
}
